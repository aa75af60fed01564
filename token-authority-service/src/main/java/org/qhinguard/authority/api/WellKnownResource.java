package org.qhinguard.authority.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qhinguard.authority.config.AuthorityConfig;
import org.qhinguard.authority.service.SigningKeys;

/** Discovery: RFC 8414 metadata, SMART configuration, and the public signing keys. */
@Path("/.well-known")
@Produces(MediaType.APPLICATION_JSON)
public class WellKnownResource {

  private final SigningKeys keys;
  private final AuthorityConfig config;

  public WellKnownResource(SigningKeys keys, AuthorityConfig config) {
    this.keys = keys;
    this.config = config;
  }

  @GET
  @Path("/jwks.json")
  public Response jwks() {
    return Response.ok(keys.jwksJson()).header("Cache-Control", "max-age=60").build();
  }

  @GET
  @Path("/oauth-authorization-server")
  public Map<String, Object> authorizationServer() {
    Map<String, Object> m = common();
    m.put("response_types_supported", List.of());
    m.put("introspection_endpoint_auth_methods_supported", authMethods());
    m.put("revocation_endpoint_auth_methods_supported", authMethods());
    return m;
  }

  @GET
  @Path("/smart-configuration")
  public Map<String, Object> smartConfiguration() {
    Map<String, Object> m = common();
    m.put(
        "capabilities",
        List.of("client-confidential-asymmetric", "permission-v1", "permission-v2"));
    m.put("scopes_supported", List.of("system/*.rs", "patient/*.rs"));
    return m;
  }

  private Map<String, Object> common() {
    String url = config.publicUrlValue();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("issuer", config.issuerValue());
    m.put("jwks_uri", url + "/.well-known/jwks.json");
    m.put("token_endpoint", url + "/oauth2/token");
    m.put("introspection_endpoint", url + "/oauth2/introspect");
    m.put("revocation_endpoint", url + "/oauth2/revoke");
    m.put("grant_types_supported", List.of("client_credentials"));
    m.put("token_endpoint_auth_methods_supported", authMethods());
    m.put(
        "token_endpoint_auth_signing_alg_values_supported",
        config.introspection().defaultAlgorithms());
    return m;
  }

  private static List<String> authMethods() {
    return List.of("private_key_jwt", "client_secret_basic");
  }
}
