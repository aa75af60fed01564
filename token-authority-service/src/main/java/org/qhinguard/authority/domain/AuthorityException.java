package org.qhinguard.authority.domain;

/**
 * The one error type of the service. On the OAuth endpoints it becomes an RFC 6749 section 5.2
 * error response, elsewhere an RFC 9457 problem.
 */
public final class AuthorityException extends RuntimeException {

  private final int status;
  private final String error;

  public AuthorityException(int status, String error, String description) {
    super(description);
    this.status = status;
    this.error = error;
  }

  public int status() {
    return status;
  }

  /** The RFC 6749 error code (or a short problem title for non-OAuth endpoints). */
  public String error() {
    return error;
  }

  public String description() {
    return getMessage();
  }

  public static AuthorityException invalidRequest(String description) {
    return new AuthorityException(400, "invalid_request", description);
  }

  /** RFC 6749 section 5.2: 401 when the client tried to authenticate and failed. */
  public static AuthorityException invalidClient(String description) {
    return new AuthorityException(401, "invalid_client", description);
  }

  public static AuthorityException invalidGrant(String description) {
    return new AuthorityException(400, "invalid_grant", description);
  }

  public static AuthorityException unauthorizedClient(String description) {
    return new AuthorityException(400, "unauthorized_client", description);
  }

  public static AuthorityException unsupportedGrantType(String description) {
    return new AuthorityException(400, "unsupported_grant_type", description);
  }

  public static AuthorityException invalidScope(String description) {
    return new AuthorityException(400, "invalid_scope", description);
  }

  /** RFC 8707 section 2: the resource is unknown or not allowed. */
  public static AuthorityException invalidTarget(String description) {
    return new AuthorityException(400, "invalid_target", description);
  }

  public static AuthorityException unavailable(String description) {
    return new AuthorityException(503, "temporarily_unavailable", description);
  }

  public static AuthorityException notFound(String description) {
    return new AuthorityException(404, "not_found", description);
  }
}
