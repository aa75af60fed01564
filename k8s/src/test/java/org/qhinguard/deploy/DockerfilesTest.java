package org.qhinguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The images run each service as a non-root user from what the Maven build produced. */
class DockerfilesTest {

  private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");
  private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\S+)");

  private static String read(String service, String file) throws IOException {
    return Files.readString(Kustomize.repoRoot().resolve("docker").resolve(service).resolve(file));
  }

  private static List<String> all(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    List<String> found = new java.util.ArrayList<>();
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }

  @ParameterizedTest
  @MethodSource("org.qhinguard.deploy.Suite#servicesAndPorts")
  void jvmImageRunsTheFastJarAsANonRootUser(String service, int port) throws IOException {
    String dockerfile = read(service, "Dockerfile.jvm");

    assertThat(all(FROM, dockerfile))
        .singleElement()
        .asString()
        .matches("registry\\.access\\.redhat\\.com/ubi9/openjdk-17-runtime:[0-9.]+");
    assertThat(dockerfile)
        .contains("COPY --chown=185 " + service + "/target/quarkus-app/lib/ /deployments/lib/")
        .contains("COPY --chown=185 " + service + "/target/quarkus-app/app/ /deployments/app/")
        .containsPattern("(?m)^EXPOSE " + port + "$")
        .contains(
            "exec 3<>/dev/tcp/127.0.0.1/" + port + " && printf 'GET /q/health/ready HTTP/1.0");
    assertThat(all(USER, dockerfile)).containsExactly("185");
    assertThat(read(service, "Dockerfile.jvm.dockerignore"))
        .isEqualTo("*\n!" + service + "/target/quarkus-app/\n");
  }

  @ParameterizedTest
  @MethodSource("org.qhinguard.deploy.Suite#servicesAndPorts")
  void nativeImageCompilesTheNativeSourcesInAMandrelStage(String service, int port)
      throws IOException {
    String dockerfile = read(service, "Dockerfile.native");

    assertThat(dockerfile)
        .contains("ARG BUILDER_IMAGE=quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-")
        .contains("ARG RUNTIME_IMAGE=quay.io/quarkus/ubi9-quarkus-micro-image:")
        .contains("COPY --chown=quarkus:quarkus " + service + "/target/native-sources /build")
        .contains("RUN native-image $(cat native-image.args)")
        .contains("exec 3<>/dev/tcp/127.0.0.1/" + port + " && printf 'GET /q/health/ready HTTP/1.0")
        .containsPattern("(?m)^EXPOSE " + port + "$");
    assertThat(all(FROM, dockerfile)).containsExactly("${BUILDER_IMAGE}", "${RUNTIME_IMAGE}");
    // The build stage runs as the builder image's user; the runtime stage ends non-root.
    assertThat(all(USER, dockerfile)).containsExactly("quarkus", "1001");
    assertThat(read(service, "Dockerfile.native.dockerignore"))
        .isEqualTo("*\n!" + service + "/target/native-sources/\n");
  }

  @Test
  void upstreamImageRunsTheSyntheticServerAsANonRootUserOnEveryAddress() throws IOException {
    String dockerfile = read("fhir-upstream", "Dockerfile.jvm");

    assertThat(all(FROM, dockerfile))
        .singleElement()
        .asString()
        .matches("registry\\.access\\.redhat\\.com/ubi9/openjdk-17-runtime:[0-9.]+");
    assertThat(dockerfile)
        .contains("COPY --chown=185 fhir-upstream/target/lib/ /deployments/lib/")
        .contains("COPY --chown=185 fhir-upstream/target/classes/ /deployments/classes/")
        .containsPattern("(?m)^EXPOSE 8090$")
        .contains("exec 3<>/dev/tcp/127.0.0.1/8090 && printf 'GET /fhir/metadata HTTP/1.0")
        // loopback by default (UpstreamMain): in a container the facade connects from outside
        .contains("\"-Dqg.upstream.host=0.0.0.0\"")
        .contains("\"/deployments/classes:/deployments/lib/*\"")
        .contains("\"org.qhinguard.fhirupstream.UpstreamMain\"");
    assertThat(all(USER, dockerfile)).containsExactly("185");
    assertThat(read("fhir-upstream", "Dockerfile.jvm.dockerignore"))
        .isEqualTo("*\n!fhir-upstream/target/classes/\n!fhir-upstream/target/lib/\n");
    assertCopiesOnlyFrom(dockerfile, "fhir-upstream/target/");
  }

  @Test
  void scenarioImageRunsTheE2eScenarioAsANonRootUser() throws IOException {
    String dockerfile = read("scenario", "Dockerfile");

    assertThat(all(FROM, dockerfile))
        .singleElement()
        .asString()
        .matches("registry\\.access\\.redhat\\.com/ubi9/openjdk-17-runtime:[0-9.]+");
    assertThat(dockerfile)
        .contains("COPY --chown=185 qhin-guard-e2e/target/lib/ /deployments/lib/")
        .contains("COPY --chown=185 qhin-guard-e2e/target/classes/ /deployments/classes/")
        .doesNotContainPattern("(?m)^EXPOSE");
    assertThat(all(USER, dockerfile)).containsExactly("185");
    assertThat(read("scenario", "Dockerfile.dockerignore"))
        .isEqualTo(
            "*\n!qhin-guard-e2e/target/classes/\n!qhin-guard-e2e/target/lib/\n"
                + "!docker/scenario/scenario.sh\n");
    for (String line : dockerfile.lines().toList()) {
      if (line.startsWith("COPY ")) {
        assertThat(line).matches("COPY --chown=185 (qhin-guard-e2e/target/|docker/scenario/).*");
      }
    }

    String script = read("scenario", "scenario.sh");
    assertThat(script)
        .contains("org.qhinguard.e2e.Scenario")
        .contains("/deployments/classes:/deployments/lib/*")
        // the secrets reach the JVM in a private file on the tmpfs, not on its command line
        .contains("-Dqg.e2e.secrets=\"$secrets\"")
        .contains("chmod 600 \"$secrets\"")
        .doesNotContain("-Dqg.e2e.admin-client-secret")
        .doesNotContain("-Dqg.e2e.facade-client-secret")
        .contains("exec java");
    for (String variable :
        List.of(
            "QG_E2E_FACADE",
            "QG_E2E_AUTHORITY",
            "QG_E2E_POLICY",
            "QG_E2E_AUDIT",
            "QG_E2E_AUDIENCE",
            "QG_BOOTSTRAP_ADMIN_CLIENT_ID",
            "QG_BOOTSTRAP_ADMIN_CLIENT_SECRET",
            "QG_FACADE_CLIENT_SECRET")) {
      assertThat(script).as(variable).containsPattern("\\$\\{?" + variable + "\\b");
    }
  }

  private static void assertCopiesOnlyFrom(String dockerfile, String prefix) {
    for (String line : dockerfile.lines().toList()) {
      if (line.startsWith("COPY ") && !line.contains("--from=")) {
        assertThat(line).contains(" " + prefix);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("org.qhinguard.deploy.Suite#servicesAndPorts")
  void copiesOnlyFromTheServicesOwnModule(String service) throws IOException {
    for (String file : List.of("Dockerfile.jvm", "Dockerfile.native")) {
      for (String line : read(service, file).lines().toList()) {
        if (line.startsWith("COPY ") && !line.contains("--from=")) {
          assertThat(line).as(file).contains(" " + service + "/target/");
        }
      }
    }
  }
}
