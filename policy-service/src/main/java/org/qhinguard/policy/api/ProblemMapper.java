package org.qhinguard.policy.api;

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
import org.qhinguard.policy.domain.PolicyException;
import org.qhinguard.policy.domain.Versions;

/**
 * The one error mapping of policy-service: {@link PolicyException} to problem+json. Security
 * failures are turned into a {@link PolicyException} first, so 401 and 403 have the same shape.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<PolicyException> {

  public static final String PROBLEM_JSON = "application/problem+json";

  static final String TOKEN_REQUIRED = "a valid bearer token from the token authority is required";

  @Override
  public Response toResponse(PolicyException e) {
    return problem(e).build();
  }

  private static Response.ResponseBuilder problem(PolicyException e) {
    PolicyException.Kind kind = e.kind();
    Response.ResponseBuilder r =
        Response.status(kind.status())
            .type(PROBLEM_JSON)
            .entity(
                new Problem(
                    "urn:qhinguard:problem:" + kind.slug(),
                    kind.title(),
                    kind.status(),
                    e.getMessage(),
                    e.errors()));
    if (e.currentVersion() != null) {
      r.header(HttpHeaders.ETAG, Versions.etag(e.currentVersion()));
    }
    return r;
  }

  /** No token (or not a bearer one): RFC 6750 section 3, a challenge without an error code. */
  @ServerExceptionMapper
  public Response unauthorized(UnauthorizedException e) {
    return challenge("Bearer", TOKEN_REQUIRED);
  }

  /**
   * A bearer token that fails verification (signature, issuer, expiry). With proactive
   * authentication this reaches the REST layer only because this mapper exists.
   */
  @ServerExceptionMapper
  public Response invalidToken(AuthenticationFailedException e) {
    return challenge(
        "Bearer error=\"invalid_token\"", TOKEN_REQUIRED + "; the token presented is not valid");
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, ResourceInfo resource) {
    String roles = requiredRoles(resource);
    return toResponse(
        PolicyException.forbidden(
            roles == null
                ? "the token does not carry a role this operation requires"
                : "this operation requires the role " + roles + " in the token's groups"));
  }

  private Response challenge(String wwwAuthenticate, String detail) {
    return problem(PolicyException.unauthorized(detail))
        .header(HttpHeaders.WWW_AUTHENTICATE, wwwAuthenticate)
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
