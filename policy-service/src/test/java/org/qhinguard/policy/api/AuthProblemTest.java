package org.qhinguard.policy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.qhinguard.policy.Api.PARTICIPANTS;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qhinguard.policy.Api;
import org.qhinguard.testing.AuthProblems;
import org.qhinguard.testing.TestTokens;

/** 401 and 403 answer RFC 9457 problem+json with an RFC 6750 section 3 challenge. */
@QuarkusTest
class AuthProblemTest {

  @Test
  void answersProblemJsonWithoutAToken() {
    for (String path : new String[] {PARTICIPANTS, "/v1/snapshots/participants/p-1"}) {
      AuthProblems.noToken(given().get(path).then())
          .body("type", equalTo("urn:qhinguard:problem:unauthorized"));
    }
  }

  @Test
  void answersProblemJsonWithoutABearerToken() {
    AuthProblems.noToken(
        given().header("Authorization", "Basic YWxpY2U6c2VjcmV0").get(PARTICIPANTS).then());
  }

  @Test
  void answersProblemJsonForAnInvalidToken() {
    AuthProblems.invalidToken(
        given()
            .auth()
            .oauth2(TestTokens.bearerSignedByStranger("mallory", "policy-admin"))
            .get(PARTICIPANTS)
            .then());
  }

  @Test
  void answersProblemJsonForAnExpiredToken() {
    AuthProblems.invalidToken(
        given()
            .auth()
            .oauth2(TestTokens.expiredBearer("token-authority", "policy-reader"))
            .contentType(ContentType.JSON)
            .body(Map.of("participantId", "p-1"))
            .post("/v1/decisions")
            .then());
  }

  @Test
  void answersProblemJsonWhenTheRoleIsMissing() {
    AuthProblems.missingRole(
            Api.reader().get(PARTICIPANTS).then(), "policy-admin or policy-auditor")
        .header("WWW-Authenticate", nullValue())
        .body("type", equalTo("urn:qhinguard:problem:forbidden"));
    AuthProblems.missingRole(
            Api.auditor()
                .contentType(ContentType.JSON)
                .body(Api.qhin(Api.uid("q")))
                .post(PARTICIPANTS)
                .then(),
            "policy-admin")
        .body("detail", startsWith("this operation requires the role policy-admin "));
  }

  @Test
  void namesTheRoleOfAClassLevelRestriction() {
    AuthProblems.missingRole(
        Api.admin().get("/v1/snapshots/participants/p-1").then(), "policy-reader");
  }
}
