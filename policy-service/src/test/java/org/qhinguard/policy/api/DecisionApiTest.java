package org.qhinguard.policy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.qhinguard.policy.Api.PARTICIPANTS;
import static org.qhinguard.policy.Api.admin;
import static org.qhinguard.policy.Api.createParticipant;
import static org.qhinguard.policy.Api.decide;
import static org.qhinguard.policy.Api.uid;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DecisionApiTest {

  static Map<String, Object> ask(String participantId, String scopes) {
    Map<String, Object> m = new HashMap<>();
    m.put("participantId", participantId);
    m.put("clientId", participantId + "-backend");
    m.put("requestedScopes", scopes);
    m.put("purposeOfUse", "T-TRTMNT");
    return m;
  }

  @Test
  void permitsAndNarrowsTheRequestedScopes() {
    String id = createParticipant();
    Map<String, Object> body = ask(id, "patient/Observation.read system/Patient.r");
    body.put("resourceType", "Observation");
    body.put("interaction", "search");
    decide(body)
        .statusCode(200)
        .body("decision", equalTo("PERMIT"))
        .body("grantedScopes", equalTo("patient/Observation.rs?category=laboratory"))
        .body("deniedScopes[0].scope", equalTo("system/Patient.r"))
        .body("deniedScopes[0].reason", equalTo("context system/ is beyond the ceiling"))
        .body("reasons", empty())
        .body("policyVersion", equalTo(1))
        .body("participantId", equalTo(id));
  }

  @Test
  void neverEscalatesPatientScopesToUserOrSystem() {
    String id = createParticipant();
    decide(ask(id, "user/Observation.rs system/*.rs"))
        .statusCode(200)
        .body("decision", equalTo("DENY"))
        .body("grantedScopes", equalTo(""))
        .body("deniedScopes.scope", contains("user/Observation.rs", "system/*.rs"));
  }

  @Test
  void deniesEverythingOnceTheParticipantIsSuspended() {
    String id = createParticipant();
    admin()
        .header("If-Match", "\"1\"")
        .post(PARTICIPANTS + "/" + id + "/suspend")
        .then()
        .statusCode(200);
    decide(ask(id, "patient/Condition.rs"))
        .statusCode(200)
        .body("decision", equalTo("DENY"))
        .body("reasons", contains("participant is SUSPENDED"))
        .body("policyVersion", equalTo(2));
  }

  @Test
  void aPolicyChangeTakesEffectOnTheNextDecision() {
    String id = createParticipant();
    decide(ask(id, "patient/Condition.rs")).body("decision", equalTo("PERMIT"));
    admin()
        .contentType("application/merge-patch+json")
        .header("If-Match", "\"1\"")
        .body("{\"scopeCeiling\":[\"patient/Observation.rs\"]}")
        .patch(PARTICIPANTS + "/" + id + "/policy")
        .then()
        .statusCode(200);
    decide(ask(id, "patient/Condition.rs"))
        .body("decision", equalTo("DENY"))
        .body("policyVersion", equalTo(2));
  }

  @Test
  void findsTheParticipantByTheIssuerItOperates() {
    String id = createParticipant();
    Map<String, Object> body = ask(null, "patient/Condition.rs");
    body.put("issuer", "https://idp." + id + ".test");
    body.put("clientId", id + "-backend");
    decide(body)
        .statusCode(200)
        .body("decision", equalTo("PERMIT"))
        .body("participantId", equalTo(id));
  }

  @Test
  void deniesAnUnknownParticipantOrIssuer() {
    String ghost = uid("ghost");
    decide(ask(ghost, "patient/Condition.rs"))
        .statusCode(200)
        .body("decision", equalTo("DENY"))
        .body("reasons", contains("unknown participant " + ghost))
        .body("policyVersion", equalTo(0));
    Map<String, Object> byIssuer = ask(null, "patient/Condition.rs");
    byIssuer.put("issuer", "https://idp.nobody.test");
    byIssuer.put("clientId", "c");
    decide(byIssuer).body("decision", equalTo("DENY"));
  }

  @Test
  void deniesAClientOfAnotherParticipant() {
    String a = createParticipant();
    String b = createParticipant();
    Map<String, Object> body = ask(a, "patient/Condition.rs");
    body.put("clientId", b + "-backend");
    decide(body)
        .body("decision", equalTo("DENY"))
        .body("reasons", hasItem("client " + b + "-backend is not registered to participant " + a));
  }

  @Test
  void rejectsAnIncompleteOrUnknownShapedRequest() {
    Map<String, Object> none = ask(null, "patient/Condition.rs");
    none.put("clientId", "c");
    decide(none)
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", contains("participantId"));
    Map<String, Object> extra = ask("p", "patient/Condition.rs");
    extra.put("grantEverything", true);
    decide(extra).statusCode(400).body("errors.field", contains("grantEverything"));
    Map<String, Object> noClient = ask("p", "patient/Condition.rs");
    noClient.remove("clientId");
    decide(noClient).statusCode(400).body("errors.field", contains("clientId"));
  }

  @Test
  void requiresThePolicyReaderRole() {
    given()
        .contentType(ContentType.JSON)
        .body(ask("p", "x"))
        .post("/v1/decisions")
        .then()
        .statusCode(401);
    admin()
        .contentType(ContentType.JSON)
        .body(ask("p", "x"))
        .post("/v1/decisions")
        .then()
        .statusCode(403);
  }
}
