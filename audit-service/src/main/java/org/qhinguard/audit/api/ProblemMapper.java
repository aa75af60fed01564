package org.qhinguard.audit.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** RFC 9457 section 3: type, title, status, detail. */
@Provider
public class ProblemMapper implements ExceptionMapper<AuditProblem> {
  public static final String PROBLEM_JSON = "application/problem+json";

  @RegisterForReflection
  public record Problem(String type, String title, int status, String detail) {}

  @Override
  public Response toResponse(AuditProblem e) {
    return Response.status(e.status())
        .type(PROBLEM_JSON)
        .entity(new Problem("about:blank", e.title(), e.status(), e.getMessage()))
        .build();
  }
}
