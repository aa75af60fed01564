package org.qhinguard.policy.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.qhinguard.policy.Api.PARTICIPANTS;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qhinguard.policy.Api;
import org.qhinguard.testing.TestTokens;

/** 401 and 403 answer RFC 9457 problem+json with an RFC 6750 section 3 challenge. */
@QuarkusTest
class AuthProblemTest {

  static final String PROBLEM = "application/problem+json";

  @Test
  void answersProblemJsonWithoutAToken() {
    for (String path : new String[] {PARTICIPANTS, "/v1/snapshots/participants/p-1"}) {
      given()
          .get(path)
          .then()
          .statusCode(401)
          .contentType(PROBLEM)
          .header("WWW-Authenticate", equalTo("Bearer"))
          .body("type", equalTo("urn:qhinguard:problem:unauthorized"))
          .body("title", equalTo("Unauthorized"))
          .body("status", equalTo(401))
          .body("detail", containsString("valid bearer token from the token authority"));
    }
  }

  @Test
  void answersProblemJsonWithoutABearerToken() {
    given()
        .header("Authorization", "Basic YWxpY2U6c2VjcmV0")
        .get(PARTICIPANTS)
        .then()
        .statusCode(401)
        .contentType(PROBLEM)
        .header("WWW-Authenticate", equalTo("Bearer"))
        .body("status", equalTo(401));
  }

  @Test
  void answersProblemJsonForAnInvalidToken() {
    given()
        .auth()
        .oauth2(TestTokens.bearerSignedByStranger("mallory", "policy-admin"))
        .get(PARTICIPANTS)
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
            .subject("token-authority")
            .groups(Set.of("policy-reader"))
            .issuedAt(Instant.now().minusSeconds(3600))
            .expiresAt(Instant.now().minusSeconds(1800))
            .jws()
            .keyId(TestTokens.KEY_ID)
            .sign(TestTokens.keyPair().getPrivate());
    given()
        .auth()
        .oauth2(expired)
        .contentType(ContentType.JSON)
        .body(Map.of("participantId", "p-1"))
        .post("/v1/decisions")
        .then()
        .statusCode(401)
        .contentType(PROBLEM)
        .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""))
        .body("status", equalTo(401));
  }

  @Test
  void answersProblemJsonWhenTheRoleIsMissing() {
    Api.reader()
        .get(PARTICIPANTS)
        .then()
        .statusCode(403)
        .contentType(PROBLEM)
        .header("WWW-Authenticate", nullValue())
        .body("type", equalTo("urn:qhinguard:problem:forbidden"))
        .body("title", equalTo("Forbidden"))
        .body("status", equalTo(403))
        .body("detail", containsString("policy-admin or policy-auditor"));
    Api.auditor()
        .contentType(ContentType.JSON)
        .body(Api.qhin(Api.uid("q")))
        .post(PARTICIPANTS)
        .then()
        .statusCode(403)
        .contentType(PROBLEM)
        .body("detail", startsWith("this operation requires the role policy-admin "));
  }

  @Test
  void namesTheRoleOfAClassLevelRestriction() {
    Api.admin()
        .get("/v1/snapshots/participants/p-1")
        .then()
        .statusCode(403)
        .contentType(PROBLEM)
        .body("status", equalTo(403))
        .body("detail", containsString("policy-reader"));
  }
}
