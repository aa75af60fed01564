package org.qhinguard.policy.domain;

import java.util.List;

/**
 * The one error of policy-service. The API maps it to RFC 9457 {@code application/problem+json}
 * with the status of its {@link Kind} and, for invalid input, each bad field.
 */
public final class PolicyException extends RuntimeException {

  public enum Kind {
    INVALID(400, "invalid-request", "The request is invalid"),
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not-found", "Not found"),
    CONFLICT(409, "conflict", "The change conflicts with the current state"),
    STALE(412, "stale-version", "The resource has changed since the given version"),
    PRECONDITION_REQUIRED(428, "if-match-required", "If-Match is required on this write");

    private final int status;
    private final String slug;
    private final String title;

    Kind(int status, String slug, String title) {
      this.status = status;
      this.slug = slug;
      this.title = title;
    }

    public int status() {
      return status;
    }

    public String slug() {
      return slug;
    }

    public String title() {
      return title;
    }
  }

  /** One bad field: its JSON path ({@code clients[0].clientId}) and what is wrong with it. */
  public record FieldError(String field, String message) {}

  private final Kind kind;
  private final List<FieldError> errors;
  private final Long currentVersion;

  private PolicyException(Kind kind, String detail, List<FieldError> errors, Long currentVersion) {
    super(detail);
    this.kind = kind;
    this.errors = List.copyOf(errors);
    this.currentVersion = currentVersion;
  }

  public static PolicyException invalid(List<FieldError> errors) {
    return new PolicyException(Kind.INVALID, errors.size() + " field(s) are invalid", errors, null);
  }

  public static PolicyException invalid(String field, String message) {
    return invalid(List.of(new FieldError(field, message)));
  }

  public static PolicyException badRequest(String detail) {
    return new PolicyException(Kind.INVALID, detail, List.of(), null);
  }

  public static PolicyException unauthorized(String detail) {
    return new PolicyException(Kind.UNAUTHORIZED, detail, List.of(), null);
  }

  public static PolicyException forbidden(String detail) {
    return new PolicyException(Kind.FORBIDDEN, detail, List.of(), null);
  }

  public static PolicyException notFound(String detail) {
    return new PolicyException(Kind.NOT_FOUND, detail, List.of(), null);
  }

  public static PolicyException conflict(String detail, List<FieldError> errors) {
    return new PolicyException(Kind.CONFLICT, detail, errors, null);
  }

  public static PolicyException stale(long currentVersion) {
    return new PolicyException(
        Kind.STALE,
        "the current version is " + currentVersion + "; read it again and retry",
        List.of(),
        currentVersion);
  }

  public static PolicyException preconditionRequired() {
    return new PolicyException(
        Kind.PRECONDITION_REQUIRED,
        "send If-Match with the ETag of the version you read (RFC 9110 section 13.1.1)",
        List.of(),
        null);
  }

  public Kind kind() {
    return kind;
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** The version the resource stands at, for a stale write. */
  public Long currentVersion() {
    return currentVersion;
  }
}
