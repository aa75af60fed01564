package org.qhinguard.authority.api;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import org.qhinguard.authority.domain.AuthorityException;

/**
 * The one mapping of {@link AuthorityException}: RFC 6749 section 5.2 on the OAuth endpoints, RFC
 * 9457 problem details elsewhere.
 */
@Provider
public class AuthorityExceptionMapper implements ExceptionMapper<AuthorityException> {

  @Context UriInfo uri;

  @Override
  public Response toResponse(AuthorityException e) {
    String path = uri == null ? "" : uri.getPath();
    if (path.startsWith("/oauth2/") || path.startsWith("oauth2/")) {
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
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "urn:qhin-guard:problem:" + e.error());
    problem.put("title", e.error().replace('_', ' '));
    problem.put("status", e.status());
    problem.put("detail", e.description());
    return Response.status(e.status()).type("application/problem+json").entity(problem).build();
  }
}
