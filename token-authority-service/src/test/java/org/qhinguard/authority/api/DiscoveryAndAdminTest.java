package org.qhinguard.authority.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qhinguard.authority.support.Calls;
import org.qhinguard.authority.support.Network;
import org.qhinguard.testing.TestTokens;

@QuarkusTest
class DiscoveryAndAdminTest {

  @Test
  void jwksPublishesPublicKeysOnly() {
    RestAssured.get("/.well-known/jwks.json")
        .then()
        .statusCode(200)
        .body("keys[0].kid", not(nullValue()))
        .body("keys[0].use", equalTo("sig"))
        .body("keys[0].d", nullValue())
        .body("keys[0].p", nullValue());
  }

  @Test
  void authorizationServerMetadataFollowsRfc8414() {
    RestAssured.get("/.well-known/oauth-authorization-server")
        .then()
        .statusCode(200)
        .body("issuer", equalTo("https://authority.test.qhin-guard.invalid"))
        .body("token_endpoint", equalTo(Calls.publicUrl() + "/oauth2/token"))
        .body("introspection_endpoint", equalTo(Calls.publicUrl() + "/oauth2/introspect"))
        .body("revocation_endpoint", equalTo(Calls.publicUrl() + "/oauth2/revoke"))
        .body("jwks_uri", equalTo(Calls.publicUrl() + "/.well-known/jwks.json"))
        .body("grant_types_supported", hasItem("client_credentials"))
        .body("token_endpoint_auth_methods_supported", hasItem("private_key_jwt"));
  }

  @Test
  void smartConfigurationAdvertisesBackendServices() {
    RestAssured.get("/.well-known/smart-configuration")
        .then()
        .statusCode(200)
        .body("capabilities", hasItem("client-confidential-asymmetric"))
        .body("token_endpoint_auth_signing_alg_values_supported", hasItem("RS256"));
  }

  @Test
  void rotationNeedsAnAuthenticatedAdministrator() {
    given().post("/admin/keys/rotate").then().statusCode(401);
    given()
        .auth()
        .oauth2(TestTokens.bearer("auditor", "policy-auditor"))
        .post("/admin/keys/rotate")
        .then()
        .statusCode(403);
  }

  @Test
  void rotationKeepsTheOldKeyPublishedSoItsTokensStayActive() {
    String before =
        Calls.partnerToken("system/Observation.rs", Calls.partnerAssertion(Calls.authorityUrl()))
            .statusCode(200)
            .extract()
            .path("access_token");
    List<String> kidsBefore =
        RestAssured.get("/.well-known/jwks.json").then().extract().path("keys.kid");

    String newKid =
        given()
            .auth()
            .oauth2(TestTokens.bearer("admin", "authority-admin"))
            .post("/admin/keys/rotate")
            .then()
            .statusCode(200)
            .extract()
            .path("kid");

    List<String> kidsAfter =
        RestAssured.get("/.well-known/jwks.json").then().extract().path("keys.kid");
    assertThat(kidsAfter).contains(newKid).containsAll(kidsBefore);
    Calls.introspect(before).body("active", is(true));

    String after =
        Calls.partnerToken("system/Observation.rs", Calls.partnerAssertion(Calls.authorityUrl()))
            .statusCode(200)
            .extract()
            .path("access_token");
    Calls.introspect(after).body("active", is(true));
  }

  @Test
  void administratorRevokesByJti() {
    String token =
        Calls.partnerToken("system/Observation.rs", Calls.partnerAssertion(Calls.authorityUrl()))
            .statusCode(200)
            .extract()
            .path("access_token");
    String jti = Calls.introspect(token).body("active", is(true)).extract().path("jti");

    given()
        .auth()
        .oauth2(TestTokens.bearer("admin", "authority-admin"))
        .contentType("application/json")
        .body("{\"jti\":\"" + jti + "\",\"expiresAt\":\"" + Instant.now().plusSeconds(600) + "\"}")
        .post("/admin/revocations")
        .then()
        .statusCode(204);

    Calls.introspect(token).body("active", is(false));
  }

  @Test
  void adminRevocationWithoutJtiIsAProblem() {
    given()
        .auth()
        .oauth2(TestTokens.bearer("admin", "authority-admin"))
        .contentType("application/json")
        .body("{\"expiresAt\":\"" + Instant.now().plusSeconds(600) + "\"}")
        .post("/admin/revocations")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("detail", equalTo("jti is required"));
  }

  @Test
  void benchEndpointIsOffUnlessEnabled() {
    RestAssured.get("/bench/noop").then().statusCode(404);
  }

  @Test
  void partnerClientsAreNotAdministrators() {
    given()
        .auth()
        .oauth2(TestTokens.bearer(Network.PARTNER_APP))
        .post("/admin/keys/rotate")
        .then()
        .statusCode(403);
  }
}
