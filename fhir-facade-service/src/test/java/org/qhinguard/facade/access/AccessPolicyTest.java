package org.qhinguard.facade.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qhinguard.common.policy.ParticipantSnapshot.TrustPolicy;
import org.qhinguard.facade.access.AccessDecision.Deny;
import org.qhinguard.facade.access.AccessDecision.Permit;

class AccessPolicyTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final FhirModel MODEL = new FhirModel();
  static final AccessPolicy POLICY = new AccessPolicy(MODEL, JSON);
  static final TrustPolicy OPEN =
      new TrustPolicy(
          List.of(),
          List.of("T-TRTMNT"),
          Map.of("*", List.of("*")),
          List.of(),
          3600,
          false,
          true,
          null,
          Map.of());

  static Grant grant(String patient, String scope) {
    return new Grant(
        "c-1",
        "p-1",
        "T-TRTMNT",
        patient,
        null,
        "j-1",
        scope,
        Grant.clinicalScopes(scope),
        Instant.now().plusSeconds(60));
  }

  static AccessDecision decide(Grant g, String method, String path, String query) {
    return POLICY.decide(g, OPEN, FhirRequest.parse(method, path, query, null, null));
  }

  static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void deniesByDefaultWithoutAnyScopeForTheType() {
    assertThat(decide(grant("p1", "patient/Observation.rs"), "GET", "Condition/c1", null))
        .isInstanceOf(Deny.class);
  }

  @Test
  void deniesPatientScopesWhenTheGrantNamesNoPatient() {
    assertThat(decide(grant(null, "patient/Observation.rs"), "GET", "Observation", null))
        .isInstanceOf(Deny.class);
  }

  @Test
  void addsThePatientToASearchUnderAPatientScope() {
    Permit p = (Permit) decide(grant("p1", "patient/Condition.rs"), "GET", "Condition", "code=x");
    assertThat(p.forward().params()).containsEntry("patient", List.of("Patient/p1"));
    assertThat(p.forward().params()).containsEntry("code", List.of("x"));
  }

  @Test
  void holdsAPatientSearchToTheGrantsPatientById() {
    Permit p = (Permit) decide(grant("p1", "patient/Patient.rs"), "GET", "Patient", null);
    assertThat(p.forward().params()).containsEntry("_id", List.of("p1"));
    assertThat(decide(grant("p1", "patient/Patient.rs"), "GET", "Patient", "_id=p2"))
        .isInstanceOf(Deny.class);
  }

  @Test
  void leavesSystemSearchesAlone() {
    Permit p =
        (Permit) decide(grant(null, "system/Observation.rs"), "GET", "Observation", "code=x");
    assertThat(p.forward().params()).doesNotContainKey("patient");
  }

  @Test
  void acceptsVersionOneScopes() {
    assertThat(decide(grant("p1", "patient/Observation.read"), "GET", "Observation/o1", null))
        .isInstanceOf(Permit.class);
    assertThat(decide(grant("p1", "patient/*.read"), "GET", "Observation", null))
        .isInstanceOf(Permit.class);
  }

  @Test
  void readNeedsTheReadLetterAndSearchTheSearchLetter() {
    assertThat(decide(grant("p1", "patient/Observation.s"), "GET", "Observation/o1", null))
        .isInstanceOf(Deny.class);
    assertThat(decide(grant("p1", "patient/Observation.r"), "GET", "Observation", null))
        .isInstanceOf(Deny.class);
  }

  @Test
  void refusesRevincludeOfAnUngrantedType() {
    Deny d =
        (Deny)
            decide(
                grant("p1", "patient/Patient.rs"),
                "GET",
                "Patient",
                "_revinclude=Condition:patient");
    assertThat(d.reason()).contains("Condition");
  }

  @Test
  void refusesAWildcardInclude() {
    assertThat(decide(grant(null, "system/*.rs"), "GET", "Observation", "_include=*"))
        .isInstanceOf(Deny.class);
  }

  @Test
  void refusesAChainedIdentifierModifierIntoAnUngrantedType() {
    assertThat(
            decide(
                grant("p1", "patient/Observation.rs"),
                "GET",
                "Observation",
                "performer:identifier=x"))
        .isInstanceOf(Deny.class);
  }

  @Test
  void refusesSystemWideSearchAndHistoryWithoutAWildcardScope() {
    assertThat(decide(grant(null, "system/Observation.rs"), "GET", "", "_type=Observation"))
        .isInstanceOf(Deny.class);
    assertThat(decide(grant(null, "system/Observation.rs"), "GET", "_history", null))
        .isInstanceOf(Deny.class);
    assertThat(decide(grant(null, "system/*.rs"), "GET", "_history", null))
        .isInstanceOf(Permit.class);
  }

  @Test
  void refusesTypeHistoryUnderAPatientScope() {
    assertThat(decide(grant("p1", "patient/Observation.rs"), "GET", "Observation/_history", null))
        .isInstanceOf(Deny.class);
  }

  @Test
  void refusesAnUnknownOperation() {
    assertThat(((Deny) decide(grant(null, "system/*.rs"), "POST", "Patient/$purge", null)).reason())
        .contains("$purge");
  }

  @Test
  void allowsExportOnlyForTheTypesASystemScopeReads() {
    assertThat(decide(grant(null, "system/Observation.rs"), "GET", "$export", "_type=Observation"))
        .isInstanceOf(Permit.class);
    assertThat(
            decide(
                grant(null, "system/Observation.rs"),
                "GET",
                "$export",
                "_type=Observation,Patient"))
        .isInstanceOf(Deny.class);
  }

  @Test
  void refusesXmlFormat() {
    assertThat(decide(grant(null, "system/*.rs"), "GET", "Patient/p1", "_format=xml"))
        .isInstanceOf(Deny.class);
  }

  @Test
  void refusesAPatchThatMovesAResourceToAnotherPatient() {
    byte[] patch =
        "[{\"op\":\"replace\",\"path\":\"/subject/reference\",\"value\":\"Patient/p2\"}]"
            .getBytes(StandardCharsets.UTF_8);
    FhirRequest r =
        FhirRequest.parse("PATCH", "Observation/o1", null, patch, "application/json-patch+json");
    assertThat(POLICY.decide(grant("p1", "patient/Observation.u"), OPEN, r))
        .isInstanceOf(Deny.class);
    byte[] harmless =
        "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"amended\"}]"
            .getBytes(StandardCharsets.UTF_8);
    FhirRequest ok =
        FhirRequest.parse("PATCH", "Observation/o1", null, harmless, "application/json-patch+json");
    Permit p = (Permit) POLICY.decide(grant("p1", "patient/Observation.u"), OPEN, ok);
    assertThat(p.checkExistingInCompartment()).isTrue();
  }

  @Test
  void rejectsAnUpdateWhoseBodyIdDiffers() {
    byte[] body =
        "{\"resourceType\":\"Observation\",\"id\":\"o2\"}".getBytes(StandardCharsets.UTF_8);
    FhirRequest r = FhirRequest.parse("PUT", "Observation/o1", null, body, "application/fhir+json");
    assertThatThrownBy(() -> POLICY.decide(grant(null, "system/Observation.u"), OPEN, r))
        .isInstanceOf(FacadeException.class)
        .hasMessageContaining("o1");
  }

  @Test
  void refusesAnInteractionTheTrustPolicyDoesNotList() {
    TrustPolicy readOnly =
        new TrustPolicy(
            List.of(),
            List.of(),
            Map.of("Observation", List.of("read")),
            List.of(),
            3600,
            false,
            true,
            null,
            Map.of());
    FhirRequest search = FhirRequest.parse("GET", "Observation", null, null, null);
    assertThat(POLICY.decide(grant(null, "system/Observation.rs"), readOnly, search))
        .isInstanceOf(Deny.class);
    FhirRequest vread = FhirRequest.parse("GET", "Observation/o1/_history/2", null, null, null);
    assertThat(POLICY.decide(grant(null, "system/Observation.rs"), readOnly, vread))
        .isInstanceOf(Permit.class);
  }

  @Test
  void seesOnlyResourcesInTheCompartmentThatHoldTheConstraints() throws Exception {
    Grant g = grant("p1", "patient/Observation.rs?category=laboratory");
    JsonNode lab =
        json(
            "{\"resourceType\":\"Observation\",\"subject\":{\"reference\":\"Patient/p1\"},"
                + "\"category\":[{\"coding\":[{\"system\":\"s\",\"code\":\"laboratory\"}]}]}");
    JsonNode vitals = json(lab.toString().replace("laboratory", "vital-signs"));
    JsonNode otherPatient = json(lab.toString().replace("Patient/p1", "Patient/p2"));
    assertThat(POLICY.visible(g, lab)).isTrue();
    assertThat(POLICY.visible(g, vitals)).isFalse();
    assertThat(POLICY.visible(g, otherPatient)).isFalse();
  }

  @Test
  void findsCompartmentMembershipThroughAnyCompartmentParameter() throws Exception {
    JsonNode asserted =
        json(
            "{\"resourceType\":\"Condition\",\"subject\":{\"reference\":\"Patient/p9\"},"
                + "\"asserter\":{\"reference\":\"http://x/fhir/Patient/p1/_history/3\"}}");
    assertThat(MODEL.inCompartment(asserted, "p1")).isTrue();
    assertThat(MODEL.patientsOf(asserted)).containsExactlyInAnyOrder("p9", "p1");
  }

  @Test
  void refusesABatchEntryThatWouldChangeAnExistingResourceUnderAPatientScope() throws Exception {
    String bundle =
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"request\":"
            + "{\"method\":\"DELETE\",\"url\":\"Observation/o1\"}}]}";
    FhirRequest r =
        FhirRequest.parse(
            "POST", "", null, bundle.getBytes(StandardCharsets.UTF_8), "application/fhir+json");
    assertThat(((Deny) POLICY.decide(grant("p1", "patient/Observation.d"), OPEN, r)).reason())
        .contains("entry 0");
  }
}
