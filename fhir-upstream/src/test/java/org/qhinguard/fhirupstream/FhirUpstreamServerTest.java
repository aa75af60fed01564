package org.qhinguard.fhirupstream;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FhirUpstreamServerTest {
  static FhirUpstreamServer server;
  static final HttpClient http = HttpClient.newHttpClient();
  static final FhirContext ctx = FhirContext.forR4Cached();

  @BeforeAll
  static void start() throws Exception {
    server = FhirUpstreamServer.start(0, 50);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static Resource parse(HttpResponse<String> r) {
    return (Resource) ctx.newJsonParser().parseResource(r.body());
  }

  @Test
  void generatesTheSameDataSetEveryTime() {
    assertThat(SyntheticData.generate(50, 5).size())
        .isEqualTo(SyntheticData.generate(50, 5).size());
    assertThat(ctx.newJsonParser().encodeResourceToString(SyntheticData.generate(3, 2).get(4)))
        .isEqualTo(ctx.newJsonParser().encodeResourceToString(SyntheticData.generate(3, 2).get(4)));
  }

  @Test
  void readsAPatientAndVreadsItsFirstVersion() throws Exception {
    HttpResponse<String> r = get("/Patient/pat-0007");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(((Patient) parse(r)).getIdentifierFirstRep().getValue()).isEqualTo("MRN0007");
    assertThat(get("/Patient/pat-0007/_history/1").statusCode()).isEqualTo(200);
    assertThat(get("/Patient/pat-0007/_history/9").statusCode()).isEqualTo(404);
  }

  @Test
  void answersAnUnknownResourceWithOperationOutcome404() throws Exception {
    HttpResponse<String> r = get("/Patient/nobody");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(parse(r)).isInstanceOf(OperationOutcome.class);
  }

  @Test
  void searchesObservationsOfOnePatientByCategory() throws Exception {
    Bundle b = (Bundle) parse(get("/Observation?patient=Patient/pat-0003&category=laboratory"));
    assertThat(b.getTotal()).isEqualTo(5);
    assertThat(b.getEntry())
        .allSatisfy(
            e ->
                assertThat(((Observation) e.getResource()).getSubject().getReference())
                    .isEqualTo("Patient/pat-0003"));
  }

  @Test
  void pagesASearchOfFiftyEntries() throws Exception {
    Bundle b = (Bundle) parse(get("/Observation?_count=50"));
    assertThat(b.getEntry()).hasSize(50);
    assertThat(b.getTotal()).isEqualTo(500);
    assertThat(b.getLink("next")).isNotNull();
  }

  @Test
  void includesTheFocusPatientOfAnObservation() throws Exception {
    Bundle b = (Bundle) parse(get("/Observation?_id=obs-0003-lab-1&_include=Observation:focus"));
    assertThat(b.getEntry())
        .extracting(e -> e.getResource().getIdElement().getIdPart())
        .containsExactly("obs-0003-lab-1", "pat-0004");
  }

  @Test
  void refusesASearchParameterItCannotEvaluate() throws Exception {
    HttpResponse<String> r = get("/Observation?subject.name=Okafor");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(parse(r)).isInstanceOf(OperationOutcome.class);
  }

  @Test
  void honoursElementsWithTheSubsettedTag() throws Exception {
    Patient p = (Patient) parse(get("/Patient/pat-0001?_elements=gender"));
    assertThat(p.hasName()).isFalse();
    assertThat(p.getGenderElement().isEmpty()).isFalse();
    assertThat(p.getMeta().getTag())
        .anySatisfy(t -> assertThat(t.getCode()).isEqualTo("SUBSETTED"));
  }

  @Test
  void returnsTheCompartmentOfAPatientForEverything() throws Exception {
    Bundle b = (Bundle) parse(get("/Patient/pat-0002/$everything"));
    assertThat(b.getEntry())
        .extracting(e -> e.getResource().fhirType())
        .contains("Patient", "Observation", "Condition", "MedicationRequest", "Encounter");
  }
}
