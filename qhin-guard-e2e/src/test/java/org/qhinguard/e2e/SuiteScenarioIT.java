package org.qhinguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The scenario against the four real services that {@code scripts/suite up} started (Failsafe:
 * {@code mvn -pl qhin-guard-e2e verify -DskipITs=false}); every step must pass.
 */
class SuiteScenarioIT {

  @Test
  void everyDefenceOfTheSuiteHoldsEndToEnd() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    Suite suite = Suite.fromState(Path.of(System.getProperty("qg.e2e.state", ".suite")));
    Report report = new Scenario(suite, out).run();
    String text = buffer.toString(StandardCharsets.UTF_8);
    System.out.println(text);
    assertThat(report.lines()).hasSize(12);
    assertThat(report.failures()).as(text).isZero();
  }
}
