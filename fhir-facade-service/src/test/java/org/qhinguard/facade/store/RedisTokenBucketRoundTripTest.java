package org.qhinguard.facade.store;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.qhinguard.facade.support.FakeTokens;

/**
 * Foundation round trip on the real Redis: participant p-tight allows 60/min with a burst of 3,
 * held in the shared token bucket; spending it yields 429 with Retry-After, and it refills.
 */
@QuarkusTest
class RedisTokenBucketRoundTripTest {

  @Test
  void spendsTheBucketGets429WithRetryAfterAndRecovers() {
    String token =
        FakeTokens.bearer(
            FakeTokens.token(
                FakeTokens.claims("tight-app", "p-tight", "T-TRTMNT", null, "system/Patient.rs")));
    for (int i = 0; i < 3; i++) {
      given().header("Authorization", token).get("/fhir/Patient/pat-0001").then().statusCode(200);
    }
    Response limited = given().header("Authorization", token).get("/fhir/Patient/pat-0001");
    limited
        .then()
        .statusCode(429)
        .header("Retry-After", equalTo("1"))
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].code", equalTo("throttled"))
        .body("issue[0].diagnostics", containsString("60/min"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                given().header("Authorization", token).get("/fhir/Patient/pat-0001").statusCode()
                    == 200);
  }
}
