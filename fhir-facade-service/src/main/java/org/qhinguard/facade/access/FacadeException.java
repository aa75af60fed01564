package org.qhinguard.facade.access;

import java.util.Map;

/**
 * The facade's one error: an HTTP status, a FHIR issue type code (R4 valueset issue-type) and the
 * reason in words, answered as an OperationOutcome by the one exception mapper.
 */
public final class FacadeException extends RuntimeException {
  private final int status;
  private final String issueCode;
  private final Map<String, String> headers;

  public FacadeException(int status, String issueCode, String reason, Map<String, String> headers) {
    super(reason, null, false, false);
    this.status = status;
    this.issueCode = issueCode;
    this.headers = Map.copyOf(headers);
  }

  public FacadeException(int status, String issueCode, String reason) {
    this(status, issueCode, reason, Map.of());
  }

  public int status() {
    return status;
  }

  public String issueCode() {
    return issueCode;
  }

  public String reason() {
    return getMessage();
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** RFC 6750 section 3.1: a missing, expired, revoked or foreign token. */
  public static FacadeException invalidToken(String reason) {
    return new FacadeException(
        401,
        "login",
        reason,
        Map.of(
            "WWW-Authenticate",
            "Bearer error=\"invalid_token\", error_description=\""
                + reason.replace('"', '\'')
                + "\""));
  }

  public static FacadeException forbidden(String reason) {
    return new FacadeException(403, "forbidden", reason);
  }

  public static FacadeException badRequest(String reason) {
    return new FacadeException(400, "invalid", reason);
  }

  /** RFC 6585 section 4 and RFC 9110 section 10.2.3. */
  public static FacadeException tooManyRequests(String reason, long retryAfterSeconds) {
    return new FacadeException(
        429, "throttled", reason, Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
  }

  public static FacadeException badGateway(String reason) {
    return new FacadeException(502, "transient", reason);
  }

  public static FacadeException gatewayTimeout(String reason) {
    return new FacadeException(504, "timeout", reason);
  }

  public static FacadeException unavailable(String reason) {
    return new FacadeException(503, "transient", reason, Map.of("Retry-After", "5"));
  }

  public static FacadeException notAcceptable(String reason) {
    return new FacadeException(406, "not-supported", reason);
  }
}
