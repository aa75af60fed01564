package org.qhinguard.facade.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qhinguard.facade.access.FhirRequest.Kind;

class FhirRequestTest {

  static FhirRequest get(String path, String query) {
    return FhirRequest.parse("GET", path, query, null, null);
  }

  @Test
  void classifiesTheRestfulInteractions() {
    assertThat(get("Patient/p1", null).kind()).isEqualTo(Kind.READ);
    assertThat(get("Patient/p1/_history/2", null).kind()).isEqualTo(Kind.VREAD);
    assertThat(get("Patient/p1/_history", null).kind()).isEqualTo(Kind.HISTORY_INSTANCE);
    assertThat(get("Patient/_history", null).kind()).isEqualTo(Kind.HISTORY_TYPE);
    assertThat(get("Patient", "name=x").kind()).isEqualTo(Kind.SEARCH_TYPE);
    assertThat(get("Patient/p1/$everything", null).operation()).isEqualTo("$everything");
    assertThat(get("metadata", null).kind()).isEqualTo(Kind.CAPABILITIES);
    assertThat(FhirRequest.parse("POST", "", null, new byte[0], null).kind()).isEqualTo(Kind.BATCH);
    assertThat(FhirRequest.parse("PATCH", "Patient/p1", null, null, null).kind())
        .isEqualTo(Kind.PATCH);
  }

  @Test
  void keepsRepeatedParametersInOrder() {
    FhirRequest r =
        get("Observation", "_include=Observation:subject&_include=Observation:encounter");
    assertThat(r.params().get("_include"))
        .containsExactly("Observation:subject", "Observation:encounter");
    assertThat(r.pathAndQuery())
        .isEqualTo("Observation?_include=Observation:subject&_include=Observation:encounter");
  }

  @Test
  void refusesWhatIsNotAFhirInteraction() {
    assertThatThrownBy(() -> get("Nonsense/1", null)).isInstanceOf(FacadeException.class);
    assertThatThrownBy(() -> get("Patient/bad id!", null))
        .isInstanceOf(FacadeException.class)
        .hasMessageContaining("valid FHIR id");
    assertThatThrownBy(() -> get("Patient/p1/Observation", null))
        .hasMessageContaining("compartment searches");
    assertThatThrownBy(() -> FhirRequest.parse("DELETE", "metadata", null, null, null))
        .isInstanceOf(FacadeException.class);
  }

  @Test
  void withParamsLeavesTheOriginalUntouched() {
    FhirRequest r = get("Observation", "code=1");
    FhirRequest held = r.withParams(java.util.Map.of("patient", List.of("Patient/p1")));
    assertThat(r.params()).doesNotContainKey("patient");
    assertThat(held.pathAndQuery()).isEqualTo("Observation?patient=Patient/p1");
  }
}
