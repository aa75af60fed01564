package org.qhinguard.facade.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DiscoveryTest {

  @Test
  void servesTheUpstreamCapabilityStatementWithTheSmartSecurityExtension() {
    given()
        .get("/fhir/metadata")
        .then()
        .statusCode(200)
        .body("resourceType", equalTo("CapabilityStatement"))
        .body("rest[0].security.service[0].coding[0].code", equalTo("SMART-on-FHIR"))
        .body("rest[0].security.extension[0].extension.url", hasItem("token"))
        .body("rest[0].resource.type", hasItem("Observation"));
  }

  @Test
  void pointsTheSmartConfigurationAtTheTokenAuthority() {
    given()
        .get("/fhir/.well-known/smart-configuration")
        .then()
        .statusCode(200)
        .body("grant_types_supported", hasItem("client_credentials"))
        .body("capabilities", hasItem("permission-v2"))
        .body("token_endpoint", org.hamcrest.Matchers.endsWith("/oauth2/token"));
  }
}
