package org.qhinguard.audit.api;

/** The one error of audit-service's API, answered as RFC 9457 application/problem+json. */
public class AuditProblem extends RuntimeException {
  private final int status;
  private final String title;

  public AuditProblem(int status, String title, String detail) {
    super(detail);
    this.status = status;
    this.title = title;
  }

  public static AuditProblem badRequest(String detail) {
    return new AuditProblem(400, "Bad request", detail);
  }

  public static AuditProblem unauthorized(String detail) {
    return new AuditProblem(401, "Unauthorized", detail);
  }

  public static AuditProblem forbidden(String detail) {
    return new AuditProblem(403, "Forbidden", detail);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
