package org.qhinguard.authority.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qhinguard.authority.support.BusProbe;
import org.qhinguard.authority.support.Calls;
import org.qhinguard.authority.support.FakePolicyService;
import org.qhinguard.authority.support.Jwts;
import org.qhinguard.authority.support.Network;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.Outcome;
import org.qhinguard.common.policy.ParticipantStatus;

@QuarkusTest
class IntrospectionEndpointTest {

  static BusProbe bus;

  @BeforeAll
  static void listen() throws Exception {
    bus = new BusProbe();
  }

  @AfterAll
  static void stopListening() throws Exception {
    bus.close();
  }

  @AfterEach
  void restorePolicyService() {
    FakePolicyService.DOWN.set(false);
  }

  @Test
  void honestPartnerTokenIsActiveWithParticipantPurposeAndGrantedScope() {
    Calls.introspect(Jwts.partnerToken().sign())
        .statusCode(200)
        .header("Cache-Control", "no-store")
        .body("active", is(true))
        .body("scope", equalTo("system/Observation.rs"))
        .body("client_id", equalTo(Network.PARTNER_APP))
        .body("iss", equalTo(Network.PARTNER_ISSUER))
        .body("aud", equalTo(Network.FHIR_AUDIENCE))
        .body("participant_id", equalTo(Network.PARTNER))
        .body("purpose_of_use", equalTo("T-TRTMNT"));
  }

  @Test
  void inactiveAnswerIsOnlyActiveFalse() {
    Map<String, Object> body =
        Calls.introspect(Jwts.partnerToken().claim("aud", Network.OTHER_AUDIENCE).sign())
            .statusCode(200)
            .extract()
            .as(Map.class);
    assertThat(body).containsExactly(Map.entry("active", false));
  }

  @Test
  void rejectsUnauthenticatedCallerWith401() {
    given()
        .formParam("token", Jwts.partnerToken().sign())
        .post("/oauth2/introspect")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Basic realm=\"qhin-guard\"")
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void rejectsWrongClientSecretWith401() {
    given()
        .header("Authorization", Calls.basic(Network.RS_CLIENT, "guess"))
        .formParam("token", Jwts.partnerToken().sign())
        .post("/oauth2/introspect")
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void rejectsClientSecretBasicWhereTheRegistrationDoesNotAllowIt() {
    given()
        .header("Authorization", Calls.basic(Network.RS_BASIC_ONLY, Network.RS_SECRET))
        .formParam("token", Jwts.partnerToken().sign())
        .post("/oauth2/introspect")
        .then()
        .statusCode(401);
  }

  @Test
  void acceptsCallerAuthenticatedByPrivateKeyJwt() {
    Calls.introspectWithAssertion(
            Jwts.assertion(
                    Network.RS_CLIENT, Network.RS_KEY, Calls.authorityUrl() + "/oauth2/introspect")
                .sign(),
            Jwts.partnerToken().sign())
        .statusCode(200)
        .body("active", is(true));
  }

  @Test
  void rejectsReplayedClientAssertion() {
    String assertion =
        Jwts.assertion(Network.RS_CLIENT, Network.RS_KEY, Calls.authorityUrl()).sign();
    String token = Jwts.partnerToken().sign();
    Calls.introspectWithAssertion(assertion, token).statusCode(200);
    Calls.introspectWithAssertion(assertion, token)
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void refusesTokenOver16KiBWith400() {
    Calls.introspect(Jwts.partnerToken().claim("pad", "x".repeat(17 * 1024)).sign())
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Test
  void refusesRepeatedParameterWith400() {
    given()
        .header("Authorization", Calls.basic(Network.RS_CLIENT, Network.RS_SECRET))
        .formParam("token", "a")
        .formParam("token", "b")
        .post("/oauth2/introspect")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Test
  void hostileTokensThroughTheEndpointAreInactive() {
    for (String hostile :
        new String[] {
          Jwts.raw(
              "{\"alg\":\"none\",\"kid\":\"partner-issuer-1\"}",
              Jwts.partnerToken().claimsJson(),
              ""),
          Jwts.partnerToken().claim("iss", Network.PARTNER_ISSUER + "/").sign(),
          Jwts.partnerToken().header("jku", "https://attacker.test/jwks").sign(),
          Jwts.partnerToken().claim("exp", 1000).claim("iat", 900).sign(),
          "not-a-jwt"
        }) {
      Calls.introspect(hostile).statusCode(200).body("active", is(false));
    }
  }

  @Test
  void scopeEscalationIsInactiveAndRaisesScopeEscalationEvent() {
    String jti = "escalation-" + System.nanoTime();
    Calls.introspect(Jwts.partnerToken().claim("scope", "system/*.cruds").claim("jti", jti).sign())
        .statusCode(200)
        .body("active", is(false));
    bus.awaitAudit(
        a ->
            a.action() == AuditAction.SCOPE_ESCALATION
                && Network.PARTNER.equals(a.participantId()));
  }

  @Test
  void tokenRequestEntirelyBeyondTheCeilingRaisesScopeEscalationEvent() {
    Calls.partnerToken("system/Condition.rs", Calls.partnerAssertion(Calls.authorityUrl()))
        .statusCode(400)
        .body("error", equalTo("invalid_scope"));
    bus.awaitAudit(
        a ->
            a.action() == AuditAction.SCOPE_ESCALATION
                && a.outcome() == Outcome.DENIED
                && Network.PARTNER.equals(a.participantId())
                && "system/Condition.rs".equals(a.requestedScopes()));
  }

  @Test
  void everyIntrospectionIsAuditedWithCallerOutcomeAndReason() {
    Calls.introspect(Jwts.partnerToken().claim("iss", "https://evil.test").sign())
        .body("active", is(false));
    bus.awaitAudit(
        a ->
            a.action() == AuditAction.TOKEN_INTROSPECTION
                && a.outcome() == Outcome.DENIED
                && Network.RS_CLIENT.equals(a.caller())
                && "unknown issuer".equals(a.reason()));
  }

  @Test
  void cachedActiveAnswerEndsWhenPolicyChangedSuspendsTheParticipant() throws Exception {
    String token = Jwts.partnerToken().sign();
    Calls.introspect(token).body("active", is(true));
    Calls.introspect(token).body("active", is(true));

    FakePolicyService.POLICY.put(Network.partner(2, ParticipantStatus.SUSPENDED));
    bus.publishPolicyChanged(Network.PARTNER, 2);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> Calls.introspect(token).body("active", is(false)));

    FakePolicyService.POLICY.put(Network.partner(3, ParticipantStatus.ACTIVE));
    bus.publishPolicyChanged(Network.PARTNER, 3);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> Calls.introspect(Jwts.partnerToken().sign()).body("active", is(true)));
  }

  @Test
  void unreachablePolicyServiceNeverYieldsAnActiveToken() {
    FakePolicyService.DOWN.set(true);
    given()
        .header("Authorization", Calls.basic(Network.RS_CLIENT, Network.RS_SECRET))
        .formParam("token", Jwts.partnerToken().sign())
        .post("/oauth2/introspect")
        .then()
        .statusCode(anyOf(is(200), is(503)))
        .body("active", not(is(true)));
  }

  @Test
  void resourceParameterOutsideTheCallersAudiencesIsInactive() {
    given()
        .header("Authorization", Calls.basic(Network.RS_CLIENT, Network.RS_SECRET))
        .formParam("token", Jwts.partnerToken().claim("aud", Network.OTHER_AUDIENCE).sign())
        .formParam("resource", Network.OTHER_AUDIENCE)
        .post("/oauth2/introspect")
        .then()
        .statusCode(200)
        .body("active", is(false));
  }

  @Test
  void suiteFacadeIntrospectsForTheAudienceItNames() {
    given()
        .header("Authorization", Calls.basic("fhir-facade", "test-facade-secret"))
        .formParam("token", Jwts.partnerToken().sign())
        .formParam("resource", Network.FHIR_AUDIENCE)
        .post("/oauth2/introspect")
        .then()
        .statusCode(200)
        .body("active", is(true))
        .body("participant_id", equalTo(Network.PARTNER));
  }

  @Test
  void suiteServiceThatNamesNoResourceGets400() {
    given()
        .header("Authorization", Calls.basic("fhir-facade", "test-facade-secret"))
        .formParam("token", Jwts.partnerToken().sign())
        .post("/oauth2/introspect")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Test
  void bootstrapAdminIsNoResourceServer() {
    given()
        .header("Authorization", Calls.basic("qg-admin", "test-admin-secret"))
        .formParam("token", Jwts.partnerToken().sign())
        .formParam("resource", Network.FHIR_AUDIENCE)
        .post("/oauth2/introspect")
        .then()
        .statusCode(200)
        .body("active", is(false));
  }

  @Test
  void issuerKeysPublishedAtAJwksUriAreFetchedAndVerify() {
    Calls.introspect(uriPartnerToken(Network.URI_ISSUER_KEY.getKeyId()))
        .statusCode(200)
        .body("active", is(true))
        .body("participant_id", equalTo(Network.URI_PARTNER));
  }

  @Test
  void unknownKidsRefetchTheJwksAtMostOncePerInterval() {
    Calls.introspect(uriPartnerToken(Network.URI_ISSUER_KEY.getKeyId())).body("active", is(true));
    int before = FakePolicyService.JWKS_REQUESTS.get();
    for (int i = 0; i < 5; i++) {
      Calls.introspect(uriPartnerToken("made-up-" + i)).body("active", is(false));
    }
    assertThat(FakePolicyService.JWKS_REQUESTS.get() - before).isLessThanOrEqualTo(1);
  }

  private static String uriPartnerToken(String kid) {
    return Jwts.partnerToken()
        .claim("iss", Network.URI_ISSUER)
        .header("kid", kid)
        .signedWith(Network.URI_ISSUER_KEY)
        .sign();
  }
}
