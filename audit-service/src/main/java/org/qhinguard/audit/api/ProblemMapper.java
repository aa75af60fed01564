package org.qhinguard.audit.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * RFC 9457 section 3: type, title, status, detail. Security failures become an {@link AuditProblem}
 * first, so 401 and 403 have the same shape as every other error.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<AuditProblem> {
  public static final String PROBLEM_JSON = "application/problem+json";

  static final String TOKEN_REQUIRED = "a valid bearer token from the token authority is required";

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
    return problem(AuditProblem.unauthorized(TOKEN_REQUIRED))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .build();
  }

  /**
   * A bearer token that fails verification (signature, issuer, expiry). With proactive
   * authentication (the default, kept here) Quarkus REST hands this exception to the REST layer
   * only because a mapper for it exists.
   */
  @ServerExceptionMapper
  public Response invalidToken(AuthenticationFailedException e) {
    return problem(AuditProblem.unauthorized(TOKEN_REQUIRED + "; the token presented is not valid"))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
        .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, ResourceInfo resource) {
    String roles = requiredRoles(resource);
    return problem(
            AuditProblem.forbidden(
                roles == null
                    ? "the token does not carry a role this operation requires"
                    : "this operation requires the role " + roles + " in the token's groups"))
        .build();
  }

  /** The roles of the endpoint's {@link RolesAllowed}, "a or b", or null when not known. */
  static String requiredRoles(ResourceInfo resource) {
    Method method = resource == null ? null : resource.getResourceMethod();
    if (method == null) {
      return null;
    }
    RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
    if (allowed == null) {
      allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
    }
    return allowed == null || allowed.value().length == 0
        ? null
        : String.join(" or ", allowed.value());
  }
}
