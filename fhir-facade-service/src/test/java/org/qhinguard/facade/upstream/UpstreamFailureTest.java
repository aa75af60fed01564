package org.qhinguard.facade.upstream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qhinguard.facade.support.FakeTokens;

/** An upstream that fails, stalls or speaks something else: 502 and 504 as OperationOutcome. */
@QuarkusTest
@TestProfile(UpstreamFailureTest.OddUpstream.class)
class UpstreamFailureTest {

  public static class OddUpstream implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "qg.facade.upstream.url", "${qg.test.fakes-url}/odd/fhir",
          "qg.facade.upstream.timeout", "700ms");
    }
  }

  static final String TOKEN = FakeTokens.bearer(FakeTokens.system("system/Patient.rs"));

  @Test
  void answersAStalledUpstreamWith504() {
    given()
        .header("Authorization", TOKEN)
        .get("/fhir/Patient/hang")
        .then()
        .statusCode(504)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].code", equalTo("timeout"));
  }

  @Test
  void answersAnUpstreamServerErrorWith502() {
    given()
        .header("Authorization", TOKEN)
        .get("/fhir/Patient/boom")
        .then()
        .statusCode(502)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].diagnostics", containsString("answered 500"));
  }

  @Test
  void answersAnUpstreamThatIsNotFhirWith502() {
    given()
        .header("Authorization", TOKEN)
        .get("/fhir/Patient/pat-0001")
        .then()
        .statusCode(502)
        .body("issue[0].diagnostics", containsString("text/html"));
  }
}
