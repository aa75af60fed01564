package org.qhinguard.facade.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MinimizationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Map<String, Map<String, List<String>>> PROFILE =
      Map.of("Observation", Map.of("T-PYMNT", List.of("status", "code", "value[x]")));

  ObjectNode observation() throws Exception {
    return (ObjectNode)
        JSON.readTree(
            "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"status\":\"final\",\"code\":{},"
                + "\"valueQuantity\":{\"value\":1},\"note\":[{\"text\":\"secret\"}],"
                + "\"subject\":{\"reference\":\"Patient/p1\"}}");
  }

  @Test
  void keepsOnlyTheProfileElementsAndTagsSubsetted() throws Exception {
    ObjectNode o = observation();
    assertThat(Minimization.forPurpose(PROFILE, "T-PYMNT").apply(o)).isTrue();
    assertThat(o.has("note")).isFalse();
    assertThat(o.has("subject")).isFalse();
    assertThat(o.has("valueQuantity")).isTrue();
    assertThat(o.path("meta").path("tag").get(0).path("code").asText()).isEqualTo("SUBSETTED");
    assertThat(o.path("meta").path("tag").get(0).path("system").asText())
        .isEqualTo(Minimization.SUBSETTED_SYSTEM);
  }

  @Test
  void leavesAnotherPurposeOrTypeWhole() throws Exception {
    ObjectNode o = observation();
    assertThat(Minimization.forPurpose(PROFILE, "T-TRTMNT").apply(o)).isFalse();
    assertThat(o.has("note")).isTrue();
    ObjectNode patient = (ObjectNode) JSON.readTree("{\"resourceType\":\"Patient\",\"name\":[]}");
    assertThat(Minimization.forPurpose(PROFILE, "T-PYMNT").apply(patient)).isFalse();
  }

  @Test
  void tagsSubsettedOnlyOnce() throws Exception {
    ObjectNode o = observation();
    Minimization.tagSubsetted(o);
    Minimization.tagSubsetted(o);
    assertThat(o.path("meta").path("tag").size()).isEqualTo(1);
  }
}
