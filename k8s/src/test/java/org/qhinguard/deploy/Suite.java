package org.qhinguard.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The four services and their ports (ADR 0002), as every deployment artefact must have them. */
final class Suite {

  static final Map<String, Integer> PORTS = ports();

  private Suite() {}

  /** For {@code @MethodSource("org.qhinguard.deploy.Suite#servicesAndPorts")}. */
  static Stream<Arguments> servicesAndPorts() {
    return PORTS.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  private static Map<String, Integer> ports() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("fhir-facade-service", 8080);
    ports.put("token-authority-service", 8081);
    ports.put("policy-service", 8082);
    ports.put("audit-service", 8083);
    return java.util.Collections.unmodifiableMap(ports);
  }
}
