package org.qhinguard.audit.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.qhinguard.testing.AuthProblems;
import org.qhinguard.testing.TestTokens;

/**
 * 401 and 403 answer RFC 9457 problem+json with an RFC 6750 section 3 challenge, with proactive
 * authentication left on.
 */
@QuarkusTest
class AuthProblemTest {

  @Test
  void answersProblemJsonWithoutAToken() {
    for (String path : new String[] {"/v1/audit/events", "/v1/anomalies"}) {
      AuthProblems.noToken(given().get(path).then()).body("type", equalTo("about:blank"));
    }
  }

  @Test
  void answersProblemJsonForAnInvalidToken() {
    AuthProblems.invalidToken(
        given()
            .auth()
            .oauth2(TestTokens.bearerSignedByStranger("mallory", "audit-reader"))
            .get("/v1/audit/verify")
            .then());
  }

  @Test
  void answersProblemJsonForAnExpiredToken() {
    AuthProblems.invalidToken(
        given()
            .auth()
            .oauth2(TestTokens.expiredBearer("sec", "audit-reader"))
            .get("/v1/anomalies")
            .then());
  }

  @Test
  void answersProblemJsonWhenTheRoleIsMissing() {
    for (String path : new String[] {"/v1/audit/events", "/v1/anomalies"}) {
      AuthProblems.missingRole(
              given().auth().oauth2(TestTokens.bearer("someone", "policy-reader")).get(path).then(),
              "requires the role audit-reader")
          .header("WWW-Authenticate", nullValue());
    }
  }
}
