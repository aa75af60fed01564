package org.qhinguard.authority.api;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.qhinguard.authority.domain.AuthorityException;
import org.qhinguard.common.security.BearerRefusal;

/**
 * The one mapping of {@link AuthorityException}: RFC 6749 section 5.2 on the OAuth endpoints, RFC
 * 9457 problem details elsewhere. Security failures of the bearer-protected endpoints (401, 403)
 * are problem details too; on the OAuth endpoints they keep Quarkus's default answer.
 */
@Provider
public class AuthorityExceptionMapper implements ExceptionMapper<AuthorityException> {

  static final String PROBLEM_JSON = "application/problem+json";

  @Context UriInfo uri;

  @Override
  public Response toResponse(AuthorityException e) {
    if (isOAuth(uri)) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", e.error());
      body.put("error_description", e.description());
      Response.ResponseBuilder r =
          Response.status(e.status())
              .type("application/json")
              .header("Cache-Control", "no-store")
              .entity(body);
      if (e.status() == 401) {
        r.header("WWW-Authenticate", "Basic realm=\"qhin-guard\"");
      }
      return r.build();
    }
    return problem(
            "urn:qhin-guard:problem:" + e.error(),
            e.error().replace('_', ' '),
            e.status(),
            e.description())
        .build();
  }

  /** No token (or not a bearer one): RFC 6750 section 3, a challenge without an error code. */
  @ServerExceptionMapper
  public Response unauthorized(UnauthorizedException e, UriInfo uri) {
    return challenge(uri, BearerRefusal.CHALLENGE, BearerRefusal.TOKEN_REQUIRED);
  }

  /**
   * A bearer token that fails verification (signature, issuer, expiry). With proactive
   * authentication Quarkus REST hands this exception to the REST layer only because a mapper for it
   * exists.
   */
  @ServerExceptionMapper
  public Response invalidToken(AuthenticationFailedException e, UriInfo uri) {
    return challenge(uri, BearerRefusal.INVALID_TOKEN_CHALLENGE, BearerRefusal.TOKEN_INVALID);
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri, ResourceInfo resource) {
    if (isOAuth(uri)) {
      return Response.status(403).build();
    }
    String detail =
        BearerRefusal.forbiddenDetail(resource.getResourceMethod(), resource.getResourceClass());
    return problem("urn:qhin-guard:problem:forbidden", "Forbidden", 403, detail).build();
  }

  private static Response challenge(UriInfo uri, String wwwAuthenticate, String detail) {
    if (isOAuth(uri)) {
      // The OAuth endpoints authenticate clients themselves (RFC 6749 section 2.3); a bearer token
      // sent there gets the default challenge of the JWT mechanism, as before.
      return Response.status(401)
          .header(HttpHeaders.WWW_AUTHENTICATE, BearerRefusal.CHALLENGE)
          .build();
    }
    return problem("urn:qhin-guard:problem:unauthorized", "Unauthorized", 401, detail)
        .header(HttpHeaders.WWW_AUTHENTICATE, wwwAuthenticate)
        .build();
  }

  private static boolean isOAuth(UriInfo uri) {
    String path = uri == null ? "" : uri.getPath();
    return path.startsWith("/oauth2/") || path.startsWith("oauth2/");
  }

  private static Response.ResponseBuilder problem(
      String type, String title, int status, String detail) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", type);
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    return Response.status(status).type(PROBLEM_JSON).entity(problem);
  }
}
