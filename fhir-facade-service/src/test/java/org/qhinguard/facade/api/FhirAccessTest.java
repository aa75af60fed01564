package org.qhinguard.facade.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.qhinguard.facade.support.FakeTokens.bearer;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qhinguard.facade.support.FakeTokens;

/** The facade against the real synthetic upstream: what each grant may and may not see. */
@QuarkusTest
class FhirAccessTest {

  static final String PAT1 = "pat-0001";

  static {
    io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  static String patientToken(String scope) {
    return bearer(FakeTokens.patient(PAT1, scope));
  }

  @Test
  void readsTheGrantsOwnPatient() {
    given()
        .header("Authorization", patientToken("patient/Patient.read"))
        .get("/fhir/Patient/" + PAT1)
        .then()
        .statusCode(200)
        .contentType(containsString("application/fhir+json"))
        .body("id", equalTo(PAT1))
        .body("identifier[0].value", equalTo("MRN0001"));
  }

  @Test
  void refusesACrossPatientReadWithAnOperationOutcome() {
    given()
        .header("Authorization", patientToken("patient/Patient.rs"))
        .get("/fhir/Patient/pat-0002")
        .then()
        .statusCode(403)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].code", equalTo("forbidden"))
        .body("issue[0].diagnostics", containsString("outside the compartment"));
  }

  @Test
  void refusesReadingAnotherPatientsObservationById() {
    given()
        .header("Authorization", patientToken("patient/Observation.rs"))
        .get("/fhir/Observation/obs-0002-lab-1")
        .then()
        .statusCode(403)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].diagnostics", containsString("outside what the grant may read"));
  }

  @Test
  void holdsASearchWithoutPatientToTheGrantsPatient() {
    given()
        .header("Authorization", patientToken("patient/Observation.rs"))
        .get("/fhir/Observation?_count=100")
        .then()
        .statusCode(200)
        .body("resourceType", equalTo("Bundle"))
        .body("total", equalTo(10))
        .body("entry.resource.subject.reference", everyItem(equalTo("Patient/" + PAT1)));
  }

  @Test
  void refusesASearchNamingAnotherPatient() {
    given()
        .header("Authorization", patientToken("patient/Observation.rs"))
        .get("/fhir/Observation?patient=pat-0002")
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString("outside the grant's patient"));
  }

  @Test
  void refusesAnIncludeIntoATypeTheGrantCannotRead() {
    given()
        .header("Authorization", patientToken("patient/Observation.rs"))
        .get("/fhir/Observation?_include=Observation:encounter")
        .then()
        .statusCode(403)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].diagnostics", containsString("reaches Encounter"));
  }

  @Test
  void removesAnIncludedPatientOutsideTheCompartmentAndKeepsTheOwn() {
    Response r =
        given()
            .header("Authorization", patientToken("patient/Observation.rs patient/Patient.rs"))
            .queryParam("_id", "obs-0001-lab-1")
            .queryParam("_include", "Observation:focus:Patient", "Observation:subject:Patient")
            .get("/fhir/Observation");
    r.then().statusCode(200);
    List<String> ids = r.jsonPath().getList("entry.resource.id");
    // obs-0001-lab-1 has focus Patient/pat-0002 (another patient): the upstream includes it.
    assertThat(ids).containsExactlyInAnyOrder("obs-0001-lab-1", PAT1);
  }

  @Test
  void refusesAnIncludeWhoseTargetsAreOpen() {
    given()
        .header("Authorization", patientToken("patient/Observation.rs patient/Patient.rs"))
        .get("/fhir/Observation?_include=Observation:focus")
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString("name the target type"));
  }

  @Test
  void refusesAChainIntoATypeTheGrantCannotSearch() {
    given()
        .header("Authorization", patientToken("patient/Observation.rs"))
        .get("/fhir/Observation?encounter.status=finished")
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString("reaches Encounter"));
  }

  @Test
  void refusesAHasParameterIntoATypeTheGrantCannotSearch() {
    given()
        .header("Authorization", patientToken("patient/Patient.rs"))
        .get("/fhir/Patient?_has:Condition:patient:code=44054006")
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString("_has reaches Condition"));
  }

  @Test
  void refusesAnUnknownSearchParameter() {
    given()
        .header("Authorization", patientToken("patient/Observation.rs"))
        .get("/fhir/Observation?_filter=code eq 1")
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString("_filter"));
  }

  @Test
  void holdsAQueryConstrainedScopeOnSearchAndRead() {
    String token = patientToken("patient/Observation.rs?category=laboratory");
    given()
        .header("Authorization", token)
        .get("/fhir/Observation?category=laboratory")
        .then()
        .statusCode(200)
        .body("total", equalTo(5))
        .body("entry.resource.category.coding.code.flatten()", everyItem(equalTo("laboratory")));
    given()
        .header("Authorization", token)
        .get("/fhir/Observation")
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString("constraints"));
    given()
        .header("Authorization", token)
        .get("/fhir/Observation/obs-0001-vs-1")
        .then()
        .statusCode(403);
    given()
        .header("Authorization", token)
        .get("/fhir/Observation/obs-0001-lab-1")
        .then()
        .statusCode(200);
  }

  @Test
  void refusesABatchMixingPatients() {
    String batch =
        """
        {"resourceType":"Bundle","type":"batch","entry":[
          {"request":{"method":"GET","url":"Patient/pat-0001"}},
          {"request":{"method":"GET","url":"Patient/pat-0002"}}]}
        """;
    given()
        .header("Authorization", patientToken("patient/Patient.rs"))
        .contentType("application/fhir+json")
        .body(batch)
        .post("/fhir")
        .then()
        .statusCode(403)
        .body("resourceType", equalTo("OperationOutcome"))
        .body("issue[0].diagnostics", containsString("entry 1 (GET Patient/pat-0002)"));
  }

  @Test
  void holdsTheSearchesOfABatchToThePatient() {
    String batch =
        """
        {"resourceType":"Bundle","type":"batch","entry":[
          {"request":{"method":"GET","url":"Patient/pat-0001"}},
          {"request":{"method":"GET","url":"Condition"}}]}
        """;
    given()
        .header("Authorization", patientToken("patient/Patient.rs patient/Condition.rs"))
        .contentType("application/fhir+json")
        .body(batch)
        .post("/fhir")
        .then()
        .statusCode(200)
        .body("type", equalTo("batch-response"))
        .body("entry[0].resource.id", equalTo(PAT1))
        .body(
            "entry[1].resource.entry.resource.subject.reference",
            everyItem(equalTo("Patient/" + PAT1)));
  }

  @Test
  void createsInTheOwnCompartmentAndRefusesAnotherPatients() {
    String own =
        """
        {"resourceType":"Observation","status":"final","code":{"text":"self-reported weight"},
         "subject":{"reference":"Patient/pat-0001"}}
        """;
    String other = own.replace("pat-0001", "pat-0003");
    String token = patientToken("patient/Observation.crs");
    given()
        .header("Authorization", token)
        .contentType("application/fhir+json")
        .body(own)
        .post("/fhir/Observation")
        .then()
        .statusCode(201)
        .header("Location", containsString(FakeTokens.AUDIENCE + "/Observation/"));
    given()
        .header("Authorization", token)
        .contentType("application/fhir+json")
        .body(other)
        .post("/fhir/Observation")
        .then()
        .statusCode(403);
    given()
        .header("Authorization", patientToken("patient/Observation.rs"))
        .contentType("application/fhir+json")
        .body(own)
        .post("/fhir/Observation")
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString("no granted scope allows create"));
  }

  @Test
  void refusesDeletingAnotherPatientsResourceAfterCheckingTheCurrentVersion() {
    given()
        .header("Authorization", patientToken("patient/Condition.rds"))
        .delete("/fhir/Condition/cond-0004-1")
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString("outside the compartment"));
  }

  @Test
  void allowsEverythingOnlyOnTheOwnPatient() {
    String token = patientToken("patient/*.rs");
    given()
        .header("Authorization", token)
        .get("/fhir/Patient/" + PAT1 + "/$everything")
        .then()
        .statusCode(200)
        .body("entry.resource.resourceType", hasItem("MedicationRequest"));
    given()
        .header("Authorization", token)
        .get("/fhir/Patient/pat-0002/$everything")
        .then()
        .statusCode(403);
  }

  @Test
  void refusesExportWithoutASystemScope() {
    given()
        .header("Authorization", patientToken("patient/*.rs"))
        .get("/fhir/Patient/$export")
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString("system/ scope"));
  }

  @Test
  void letsASystemScopeSearchAcrossPatients() {
    given()
        .header("Authorization", bearer(FakeTokens.system("system/Observation.rs")))
        .get("/fhir/Observation?_count=50")
        .then()
        .statusCode(200)
        .body("entry.size()", equalTo(50))
        .body(
            "link.find { it.relation == 'next' }.url",
            containsString(FakeTokens.AUDIENCE + "/Observation?"));
  }

  @Test
  void minimizesForThePaymentPurposeWithTheSubsettedTag() {
    String token =
        bearer(
            FakeTokens.token(
                FakeTokens.claims("payer-1", "p-main", "T-PYMNT", null, "system/Patient.rs")));
    given()
        .header("Authorization", token)
        .get("/fhir/Patient/" + PAT1)
        .then()
        .statusCode(200)
        .body("name[0].family", not(nullValue()))
        .body("address", nullValue())
        .body("telecom", nullValue())
        .body("meta.tag.code", hasItem("SUBSETTED"));
  }

  @Test
  void honoursElementsThroughTheUpstream() {
    given()
        .header("Authorization", patientToken("patient/Patient.rs"))
        .get("/fhir/Patient/" + PAT1 + "?_elements=gender")
        .then()
        .statusCode(200)
        .body("gender", not(nullValue()))
        .body("name", nullValue())
        .body("meta.tag.code", hasItem("SUBSETTED"));
  }

  @Test
  void relaysAnUpstreamNotFoundAsOperationOutcome() {
    given()
        .header("Authorization", bearer(FakeTokens.system("system/Patient.rs")))
        .get("/fhir/Patient/nobody")
        .then()
        .statusCode(404)
        .body("resourceType", equalTo("OperationOutcome"));
  }

  @Test
  void answersAMissingTokenWith401AndWwwAuthenticate() {
    given()
        .get("/fhir/Patient/" + PAT1)
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Bearer error=\"invalid_token\""))
        .body("resourceType", equalTo("OperationOutcome"));
  }

  @Test
  void answersAnInactiveTokenWith401() {
    given()
        .header("Authorization", "Bearer not-a-token-the-authority-knows")
        .get("/fhir/Patient/" + PAT1)
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("invalid_token"))
        .body("issue[0].diagnostics", containsString("not active"));
  }

  @Test
  void rejectsATokenWhoseAudienceIsAnotherServer() {
    var claims = FakeTokens.claims("app-x", "p-main", "T-TRTMNT", PAT1, "patient/Patient.rs");
    claims.put("aud", "https://other-network.invalid/fhir");
    given()
        .header("Authorization", bearer(FakeTokens.token(claims)))
        .get("/fhir/Patient/" + PAT1)
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("invalid_token"));
  }

  @Test
  void refusesASuspendedParticipant() {
    String token =
        bearer(
            FakeTokens.token(
                FakeTokens.claims("s-1", "p-suspended", "T-TRTMNT", null, "system/Patient.rs")));
    given()
        .header("Authorization", token)
        .get("/fhir/Patient/" + PAT1)
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString("SUSPENDED"));
  }

  @Test
  void refusesAPurposeThePolicyDoesNotAllow() {
    String token =
        bearer(
            FakeTokens.token(
                FakeTokens.claims("gov-1", "p-main", "T-GOVDTRM", null, "system/Patient.rs")));
    given()
        .header("Authorization", token)
        .get("/fhir/Patient/" + PAT1)
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString("T-GOVDTRM"));
  }

  @Test
  void refusesATypeTheTrustPolicyOmitsEvenWithAScope() {
    String token =
        bearer(
            FakeTokens.token(
                FakeTokens.claims("o-1", "p-observations-only", "T-TRTMNT", null, "system/*.rs")));
    given()
        .header("Authorization", token)
        .get("/fhir/Observation/obs-0001-lab-1")
        .then()
        .statusCode(200);
    given()
        .header("Authorization", token)
        .get("/fhir/Condition/cond-0001-1")
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString("trust policy"));
  }

  @Test
  void refusesAnUnknownParticipant() {
    String token =
        bearer(
            FakeTokens.token(
                FakeTokens.claims("u-1", "p-nobody", "T-TRTMNT", null, "system/*.rs")));
    given()
        .header("Authorization", token)
        .get("/fhir/Patient/" + PAT1)
        .then()
        .statusCode(403)
        .body("issue[0].diagnostics", containsString("not known"));
  }

  @Test
  void answersAnXmlOnlyClientWith406() {
    given()
        .header("Authorization", patientToken("patient/Patient.rs"))
        .accept("application/fhir+xml")
        .get("/fhir/Patient/" + PAT1)
        .then()
        .statusCode(406)
        .body(containsString("OperationOutcome"));
  }

  @Test
  void refusesAPathThatIsNotAResourceType() {
    given()
        .header("Authorization", patientToken("patient/Patient.rs"))
        .get("/fhir/NotAType/1")
        .then()
        .statusCode(404)
        .body("resourceType", equalTo("OperationOutcome"));
  }
}
