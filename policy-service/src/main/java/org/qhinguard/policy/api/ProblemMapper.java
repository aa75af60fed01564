package org.qhinguard.policy.api;

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
import org.qhinguard.policy.domain.PolicyException;
import org.qhinguard.policy.domain.Versions;

/**
 * The one error mapping of policy-service: {@link PolicyException} to problem+json. Security
 * failures are turned into a {@link PolicyException} first, so 401 and 403 have the same shape.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<PolicyException> {

  public static final String PROBLEM_JSON = "application/problem+json";

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
    return challenge(BearerRefusal.CHALLENGE, BearerRefusal.TOKEN_REQUIRED);
  }

  /**
   * A bearer token that fails verification (signature, issuer, expiry). With proactive
   * authentication this reaches the REST layer only because this mapper exists.
   */
  @ServerExceptionMapper
  public Response invalidToken(AuthenticationFailedException e) {
    return challenge(BearerRefusal.INVALID_TOKEN_CHALLENGE, BearerRefusal.TOKEN_INVALID);
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, ResourceInfo resource) {
    return toResponse(
        PolicyException.forbidden(
            BearerRefusal.forbiddenDetail(
                resource.getResourceMethod(), resource.getResourceClass())));
  }

  private Response challenge(String wwwAuthenticate, String detail) {
    return problem(PolicyException.unauthorized(detail))
        .header(HttpHeaders.WWW_AUTHENTICATE, wwwAuthenticate)
        .build();
  }
}
