package org.qhinguard.authority.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.qhinguard.authority.service.IntrospectionService;
import org.qhinguard.authority.service.RevocationService;
import org.qhinguard.authority.service.TokenService;

/** The OAuth endpoints: translate the form, delegate, answer with no-store (RFC 6749 5.1). */
@Path("/oauth2")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.APPLICATION_JSON)
public class OAuthResource {

  private final TokenService tokens;
  private final IntrospectionService introspection;
  private final RevocationService revocation;

  public OAuthResource(
      TokenService tokens, IntrospectionService introspection, RevocationService revocation) {
    this.tokens = tokens;
    this.introspection = introspection;
    this.revocation = revocation;
  }

  @POST
  @Path("/token")
  public Response token(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      MultivaluedMap<String, String> form) {
    return noStore(tokens.issue(authorization, Forms.single(form)));
  }

  @POST
  @Path("/introspect")
  public Response introspect(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      MultivaluedMap<String, String> form) {
    return noStore(introspection.introspect(authorization, Forms.single(form)));
  }

  @POST
  @Path("/revoke")
  public Response revoke(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      MultivaluedMap<String, String> form) {
    revocation.revoke(authorization, Forms.single(form));
    return Response.ok().header("Cache-Control", "no-store").build();
  }

  private static Response noStore(Object body) {
    return Response.ok(body)
        .header("Cache-Control", "no-store")
        .header("Pragma", "no-cache")
        .build();
  }
}
