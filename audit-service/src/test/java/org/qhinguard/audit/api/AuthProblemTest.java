package org.qhinguard.audit.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qhinguard.testing.TestTokens;

/**
 * 401 and 403 answer RFC 9457 problem+json with an RFC 6750 section 3 challenge, with proactive
 * authentication left on.
 */
@QuarkusTest
class AuthProblemTest {

  static final String PROBLEM = "application/problem+json";

  @Test
  void answersProblemJsonWithoutAToken() {
    for (String path : new String[] {"/v1/audit/events", "/v1/anomalies"}) {
      given()
          .get(path)
          .then()
          .statusCode(401)
          .contentType(PROBLEM)
          .header("WWW-Authenticate", equalTo("Bearer"))
          .body("type", equalTo("about:blank"))
          .body("title", equalTo("Unauthorized"))
          .body("status", equalTo(401))
          .body("detail", containsString("valid bearer token from the token authority"));
    }
  }

  @Test
  void answersProblemJsonForAnInvalidToken() {
    given()
        .auth()
        .oauth2(TestTokens.bearerSignedByStranger("mallory", "audit-reader"))
        .get("/v1/audit/verify")
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
            .subject("sec")
            .groups(Set.of("audit-reader"))
            .issuedAt(Instant.now().minusSeconds(3600))
            .expiresAt(Instant.now().minusSeconds(1800))
            .jws()
            .keyId(TestTokens.KEY_ID)
            .sign(TestTokens.keyPair().getPrivate());
    given()
        .auth()
        .oauth2(expired)
        .get("/v1/anomalies")
        .then()
        .statusCode(401)
        .contentType(PROBLEM)
        .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""))
        .body("status", equalTo(401));
  }

  @Test
  void answersProblemJsonWhenTheRoleIsMissing() {
    for (String path : new String[] {"/v1/audit/events", "/v1/anomalies"}) {
      given()
          .auth()
          .oauth2(TestTokens.bearer("someone", "policy-reader"))
          .get(path)
          .then()
          .statusCode(403)
          .contentType(PROBLEM)
          .header("WWW-Authenticate", nullValue())
          .body("title", equalTo("Forbidden"))
          .body("status", equalTo(403))
          .body("detail", containsString("requires the role audit-reader"));
    }
  }
}
