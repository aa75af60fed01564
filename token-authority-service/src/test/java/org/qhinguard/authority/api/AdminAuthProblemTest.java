package org.qhinguard.authority.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.qhinguard.testing.AuthProblems;
import org.qhinguard.testing.TestTokens;

/**
 * 401 and 403 of the admin endpoints answer RFC 9457 problem+json with an RFC 6750 section 3
 * challenge; the OAuth endpoints keep their answers.
 */
@QuarkusTest
class AdminAuthProblemTest {

  @Test
  void answersProblemJsonWithoutAToken() {
    AuthProblems.noToken(given().post("/admin/keys/rotate").then())
        .body("type", equalTo("urn:qhin-guard:problem:unauthorized"));
  }

  @Test
  void answersProblemJsonForAnInvalidToken() {
    AuthProblems.invalidToken(
        given()
            .auth()
            .oauth2(TestTokens.bearerSignedByStranger("mallory", "authority-admin"))
            .contentType(ContentType.JSON)
            .body("{\"jti\":\"j-1\",\"expiresAt\":\"2999-01-01T00:00:00Z\"}")
            .post("/admin/revocations")
            .then());
  }

  @Test
  void answersProblemJsonForAnExpiredToken() {
    AuthProblems.invalidToken(
        given()
            .auth()
            .oauth2(TestTokens.expiredBearer("admin", "authority-admin"))
            .post("/admin/keys/rotate")
            .then());
  }

  @Test
  void answersProblemJsonWhenTheRoleIsMissing() {
    AuthProblems.missingRole(
            given()
                .auth()
                .oauth2(TestTokens.bearer("auditor", "policy-auditor"))
                .post("/admin/keys/rotate")
                .then(),
            "requires the role authority-admin")
        .header("WWW-Authenticate", nullValue())
        .body("type", equalTo("urn:qhin-guard:problem:forbidden"));
  }

  @Test
  void oauthEndpointsKeepTheDefaultChallengeForAnInvalidBearerToken() {
    given()
        .auth()
        .oauth2(TestTokens.bearerSignedByStranger("mallory"))
        .contentType(ContentType.URLENC)
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", equalTo("Bearer"))
        .body(emptyString());
  }
}
