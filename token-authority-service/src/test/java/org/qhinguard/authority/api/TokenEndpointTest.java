package org.qhinguard.authority.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Instant;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.qhinguard.authority.support.BusProbe;
import org.qhinguard.authority.support.Calls;
import org.qhinguard.authority.support.Jwts;
import org.qhinguard.authority.support.Network;
import org.qhinguard.common.events.EventType;
import org.qhinguard.common.events.TokenRevokedData;

@QuarkusTest
class TokenEndpointTest {

  static final String ISSUER = "https://authority.test.qhin-guard.invalid";

  static JwtClaims verifyWithPublishedKeys(String token, String expectedTyp) throws Exception {
    String jwks =
        RestAssured.get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
    JwtConsumer consumer =
        new JwtConsumerBuilder()
            .setExpectedIssuer(ISSUER)
            .setSkipDefaultAudienceValidation()
            .setRequireExpirationTime()
            .setRequireJwtId()
            .setExpectedType(true, expectedTyp)
            .setVerificationKeyResolver(
                new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
            .build();
    return consumer.processToClaims(token);
  }

  @Test
  void bootstrapAdminGetsInternalTokenWithItsRolesSignedByThePublishedKey() throws Exception {
    String token =
        given()
            .header("Authorization", Calls.basic("qg-admin", "test-admin-secret"))
            .formParam("grant_type", "client_credentials")
            .post("/oauth2/token")
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .body("token_type", equalTo("Bearer"))
            .extract()
            .path("access_token");
    JwtClaims claims = verifyWithPublishedKeys(token, "JWT");
    assertThat(claims.getStringListClaimValue("groups"))
        .contains("authority-admin", "policy-admin");
    assertThat(claims.getSubject()).isEqualTo("qg-admin");
  }

  @Test
  void serviceClientGetsItsConfiguredRoles() throws Exception {
    String token =
        given()
            .header("Authorization", Calls.basic("fhir-facade", "test-facade-secret"))
            .formParam("grant_type", "client_credentials")
            .post("/oauth2/token")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    assertThat(verifyWithPublishedKeys(token, "JWT").getStringListClaimValue("groups"))
        .containsExactly("policy-reader");
  }

  @Test
  void rejectsWrongAdminSecretWithInvalidClient() {
    given()
        .header("Authorization", Calls.basic("qg-admin", "wrong"))
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token")
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void rejectsOtherGrantTypes() {
    given()
        .header("Authorization", Calls.basic("qg-admin", "test-admin-secret"))
        .formParam("grant_type", "password")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("unsupported_grant_type"));
  }

  @Test
  void partnerGetsAtJwtForTheResourceWithScopesNarrowedByPolicy() throws Exception {
    String token =
        Calls.partnerToken(
                "system/Observation.rs system/Condition.rs",
                Calls.partnerAssertion(Calls.authorityUrl() + "/oauth2/token"))
            .statusCode(200)
            .body("scope", equalTo("system/Observation.rs"))
            .extract()
            .path("access_token");
    JwtClaims claims = verifyWithPublishedKeys(token, "at+jwt");
    assertThat(claims.getAudience()).containsExactly(Network.FHIR_AUDIENCE);
    assertThat(claims.getClaimValueAsString("participant_id")).isEqualTo(Network.PARTNER);
    assertThat(claims.getClaimValueAsString("client_id")).isEqualTo(Network.PARTNER_APP);
    assertThat(claims.getClaimValueAsString("purpose_of_use")).isEqualTo("T-TRTMNT");

    Calls.introspect(token)
        .statusCode(200)
        .body("active", is(true))
        .body("scope", equalTo("system/Observation.rs"));
  }

  @Test
  void acceptsAssertionNamingThePublicTokenEndpoint() {
    Calls.partnerToken(
            "system/Observation.rs", Calls.partnerAssertion(Calls.publicUrl() + "/oauth2/token"))
        .statusCode(200);
  }

  @Test
  void rejectsReplayedClientAssertionAtTheTokenEndpoint() {
    String assertion = Calls.partnerAssertion(Calls.authorityUrl() + "/oauth2/token");
    Calls.partnerToken("system/Observation.rs", assertion).statusCode(200);
    Calls.partnerToken("system/Observation.rs", assertion)
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void rejectsAssertionLivingLongerThanFiveMinutes() {
    long now = Instant.now().getEpochSecond();
    String assertion =
        Jwts.assertion(Network.PARTNER_APP, Network.APP_KEY, Calls.authorityUrl() + "/oauth2/token")
            .claim("exp", now + 600)
            .sign();
    Calls.partnerToken("system/Observation.rs", assertion)
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void rejectsAssertionForAnotherAudience() {
    Calls.partnerToken(
            "system/Observation.rs", Calls.partnerAssertion("https://other-authority.test/token"))
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void rejectsAssertionSignedByAnUnregisteredKey() {
    String assertion =
        Jwts.assertion(Network.PARTNER_APP, Network.APP_KEY, Calls.authorityUrl())
            .signedWith(Network.STRANGER_KEY)
            .sign();
    Calls.partnerToken("system/Observation.rs", assertion).statusCode(401);
  }

  @Test
  void rejectsUnknownResourceWithInvalidTarget() {
    given()
        .formParam("grant_type", "client_credentials")
        .formParam(
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        .formParam("client_assertion", Calls.partnerAssertion(Calls.authorityUrl()))
        .formParam("scope", "system/Observation.rs")
        .formParam("resource", "https://unknown.test/fhir")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_target"));
  }

  @Test
  void rejectsScopesEntirelyBeyondTheCeiling() {
    Calls.partnerToken("system/Condition.rs", Calls.partnerAssertion(Calls.authorityUrl()))
        .statusCode(400)
        .body("error", equalTo("invalid_scope"));
  }

  @Test
  void deniesPatientScopesWithoutAPatient() {
    Calls.partnerToken("patient/Observation.rs", Calls.partnerAssertion(Calls.authorityUrl()))
        .statusCode(400)
        .body("error", equalTo("invalid_scope"));
  }

  @Test
  void revokedTokenIsInactiveAndOnlyItsClientMayRevokeIt() throws Exception {
    try (BusProbe bus = new BusProbe()) {
      String token = revokeOwnToken();
      Calls.introspect(token).body("active", is(false));
      String payload =
          new String(
              java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
              java.nio.charset.StandardCharsets.UTF_8);
      String jti = io.restassured.path.json.JsonPath.from(payload).getString("jti");
      bus.awaitEvent(EventType.TOKEN_REVOKED, TokenRevokedData.class, r -> jti.equals(r.jti()));
    }
  }

  private static String revokeOwnToken() {
    String token =
        Calls.partnerToken("system/Observation.rs", Calls.partnerAssertion(Calls.authorityUrl()))
            .statusCode(200)
            .extract()
            .path("access_token");
    Calls.introspect(token).body("active", is(true));

    given()
        .header("Authorization", Calls.basic(Network.RS_CLIENT, Network.RS_SECRET))
        .formParam("token", token)
        .post("/oauth2/revoke")
        .then()
        .statusCode(400)
        .body("error", equalTo("unauthorized_client"));

    given()
        .formParam(
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        .formParam(
            "client_assertion", Calls.partnerAssertion(Calls.authorityUrl() + "/oauth2/revoke"))
        .formParam("token", token)
        .post("/oauth2/revoke")
        .then()
        .statusCode(200);
    return token;
  }

  @Test
  void revokingAnInvalidTokenIsNoError() {
    given()
        .header("Authorization", Calls.basic(Network.RS_CLIENT, Network.RS_SECRET))
        .formParam("token", "garbage")
        .post("/oauth2/revoke")
        .then()
        .statusCode(200);
  }

  @Test
  void revocationRequiresClientAuthentication() {
    given().formParam("token", "garbage").post("/oauth2/revoke").then().statusCode(401);
  }
}
