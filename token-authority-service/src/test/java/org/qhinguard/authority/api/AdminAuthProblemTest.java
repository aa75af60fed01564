package org.qhinguard.authority.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qhinguard.testing.TestTokens;

/**
 * 401 and 403 of the admin endpoints answer RFC 9457 problem+json with an RFC 6750 section 3
 * challenge; the OAuth endpoints keep their answers.
 */
@QuarkusTest
class AdminAuthProblemTest {

  static final String PROBLEM = "application/problem+json";

  @Test
  void answersProblemJsonWithoutAToken() {
    given()
        .post("/admin/keys/rotate")
        .then()
        .statusCode(401)
        .contentType(PROBLEM)
        .header("WWW-Authenticate", equalTo("Bearer"))
        .body("type", equalTo("urn:qhin-guard:problem:unauthorized"))
        .body("title", equalTo("Unauthorized"))
        .body("status", equalTo(401))
        .body("detail", containsString("valid bearer token from the token authority"));
  }

  @Test
  void answersProblemJsonForAnInvalidToken() {
    given()
        .auth()
        .oauth2(TestTokens.bearerSignedByStranger("mallory", "authority-admin"))
        .contentType(ContentType.JSON)
        .body("{\"jti\":\"j-1\",\"expiresAt\":\"2999-01-01T00:00:00Z\"}")
        .post("/admin/revocations")
        .then()
        .statusCode(401)
        .contentType(PROBLEM)
        .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""))
        .body("title", equalTo("Unauthorized"))
        .body("status", equalTo(401))
        .body("detail", containsString("valid bearer token from the token authority"));
  }

  @Test
  void answersProblemJsonForAnExpiredToken() {
    String expired =
        Jwt.issuer(TestTokens.ISSUER)
            .subject("admin")
            .groups(Set.of("authority-admin"))
            .issuedAt(Instant.now().minusSeconds(3600))
            .expiresAt(Instant.now().minusSeconds(1800))
            .jws()
            .keyId(TestTokens.KEY_ID)
            .sign(TestTokens.keyPair().getPrivate());
    given()
        .auth()
        .oauth2(expired)
        .post("/admin/keys/rotate")
        .then()
        .statusCode(401)
        .contentType(PROBLEM)
        .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""))
        .body("status", equalTo(401));
  }

  @Test
  void answersProblemJsonWhenTheRoleIsMissing() {
    given()
        .auth()
        .oauth2(TestTokens.bearer("auditor", "policy-auditor"))
        .post("/admin/keys/rotate")
        .then()
        .statusCode(403)
        .contentType(PROBLEM)
        .header("WWW-Authenticate", nullValue())
        .body("type", equalTo("urn:qhin-guard:problem:forbidden"))
        .body("title", equalTo("Forbidden"))
        .body("status", equalTo(403))
        .body("detail", containsString("requires the role authority-admin"));
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
