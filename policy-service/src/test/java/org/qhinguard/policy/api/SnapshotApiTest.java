package org.qhinguard.policy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.qhinguard.policy.Api.admin;
import static org.qhinguard.policy.Api.createParticipant;
import static org.qhinguard.policy.Api.reader;
import static org.qhinguard.policy.Api.uid;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SnapshotApiTest {

  @Test
  void servesTheSnapshotByParticipantIssuerClientAndAudience() {
    String id = createParticipant();
    reader()
        .get("/v1/snapshots/participants/" + id)
        .then()
        .statusCode(200)
        .header("ETag", "\"1\"")
        .body("participantId", equalTo(id))
        .body("version", equalTo(1))
        .body("status", equalTo("ACTIVE"))
        .body("policy.scopeCeiling[0]", equalTo("patient/Observation.rs?category=laboratory"))
        .body("policy.rateLimit.perMinute", equalTo(120))
        .body("policy.minimization.Patient.T-PH[0]", equalTo("birthDate"));
    reader()
        .queryParam("iss", "https://idp." + id + ".test")
        .get("/v1/snapshots/issuers")
        .then()
        .statusCode(200)
        .body("participantId", equalTo(id));
    reader()
        .get("/v1/snapshots/clients/" + id + "-backend")
        .then()
        .statusCode(200)
        .body("participantId", equalTo(id));
    reader()
        .queryParam("aud", "https://fhir." + id + ".test")
        .get("/v1/snapshots/audiences")
        .then()
        .statusCode(200)
        .body("participantId", equalTo(id));
  }

  @Test
  void answersNotModifiedWhileTheCachedVersionIsCurrent() {
    String id = createParticipant();
    reader()
        .header("If-None-Match", "\"1\"")
        .get("/v1/snapshots/participants/" + id)
        .then()
        .statusCode(304);
    admin()
        .header("If-Match", "\"1\"")
        .post("/admin/v1/participants/" + id + "/suspend")
        .then()
        .statusCode(200);
    reader()
        .header("If-None-Match", "\"1\"")
        .get("/v1/snapshots/participants/" + id)
        .then()
        .statusCode(200)
        .header("ETag", "\"2\"")
        .body("status", equalTo("SUSPENDED"));
  }

  @Test
  void answersProblemJsonWhenNothingMatches() {
    reader()
        .queryParam("iss", "https://" + uid("nobody") + ".test")
        .get("/v1/snapshots/issuers")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    reader()
        .get("/v1/snapshots/issuers")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    reader().get("/v1/snapshots/clients/" + uid("nobody")).then().statusCode(404);
  }

  @Test
  void requiresThePolicyReaderRole() {
    given().get("/v1/snapshots/participants/x").then().statusCode(401);
    admin().get("/v1/snapshots/participants/x").then().statusCode(403);
  }
}
