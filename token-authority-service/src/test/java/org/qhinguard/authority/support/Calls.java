package org.qhinguard.authority.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.microprofile.config.ConfigProvider;

/** The calls a resource server and a backend app make, as REST Assured requests. */
public final class Calls {
  private Calls() {}

  public static String authorityUrl() {
    return ConfigProvider.getConfig().getValue("qg.authority.url", String.class);
  }

  public static String publicUrl() {
    return ConfigProvider.getConfig().getValue("qg.authority.public-url", String.class);
  }

  public static String basic(String id, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** The FHIR server's resource server introspects with client_secret_basic. */
  public static ValidatableResponse introspect(String token) {
    return given()
        .header("Authorization", basic(Network.RS_CLIENT, Network.RS_SECRET))
        .formParam("token", token)
        .post("/oauth2/introspect")
        .then();
  }

  /** A resource server that authenticates with private_key_jwt. */
  public static ValidatableResponse introspectWithAssertion(String assertion, String token) {
    return given()
        .formParam(
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        .formParam("client_assertion", assertion)
        .formParam("token", token)
        .post("/oauth2/introspect")
        .then();
  }

  public static String partnerAssertion(String audience) {
    return Jwts.assertion(Network.PARTNER_APP, Network.APP_KEY, audience).sign();
  }

  public static ValidatableResponse partnerToken(String scope, String assertion) {
    return given()
        .formParam("grant_type", "client_credentials")
        .formParam(
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        .formParam("client_assertion", assertion)
        .formParam("scope", scope)
        .formParam("resource", Network.FHIR_AUDIENCE)
        .formParam("purpose_of_use", "T-TRTMNT")
        .post("/oauth2/token")
        .then();
  }
}
