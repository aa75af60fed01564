package org.qhinguard.common.smart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.ResourceType;
import org.junit.jupiter.api.Test;

class FhirResourceTypesTest {

  @Test
  void r4TypesAreExactlyHapiR4ResourceTypes() {
    assertThat(FhirResourceTypes.R4)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(ResourceType.values())
                .map(ResourceType::name)
                .collect(Collectors.toSet()));
  }
}
