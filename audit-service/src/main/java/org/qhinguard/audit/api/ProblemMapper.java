package org.qhinguard.audit.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.qhinguard.common.security.BearerRefusal;

/**
 * RFC 9457 section 3: type, title, status, detail. Security failures become an {@link AuditProblem}
 * first, so 401 and 403 have the same shape as every other error.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<AuditProblem> {
  public static final String PROBLEM_JSON = "application/problem+json";

  @RegisterForReflection
  public record Problem(String type, String title, int status, String detail) {}

  @Override
  public Response toResponse(AuditProblem e) {
    return problem(e).build();
  }

  private static Response.ResponseBuilder problem(AuditProblem e) {
    return Response.status(e.status())
        .type(PROBLEM_JSON)
        .entity(new Problem("about:blank", e.title(), e.status(), e.getMessage()));
  }

  /** No token (or not a bearer one): RFC 6750 section 3, a challenge without an error code. */
  @ServerExceptionMapper
  public Response unauthorized(UnauthorizedException e) {
    return problem(AuditProblem.unauthorized(BearerRefusal.TOKEN_REQUIRED))
        .header(HttpHeaders.WWW_AUTHENTICATE, BearerRefusal.CHALLENGE)
        .build();
  }

  /**
   * A bearer token that fails verification (signature, issuer, expiry). With proactive
   * authentication (the default, kept here) Quarkus REST hands this exception to the REST layer
   * only because a mapper for it exists.
   */
  @ServerExceptionMapper
  public Response invalidToken(AuthenticationFailedException e) {
    return problem(AuditProblem.unauthorized(BearerRefusal.TOKEN_INVALID))
        .header(HttpHeaders.WWW_AUTHENTICATE, BearerRefusal.INVALID_TOKEN_CHALLENGE)
        .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, ResourceInfo resource) {
    String detail =
        BearerRefusal.forbiddenDetail(resource.getResourceMethod(), resource.getResourceClass());
    return problem(AuditProblem.forbidden(detail)).build();
  }
}
