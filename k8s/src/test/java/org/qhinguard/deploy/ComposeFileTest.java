package org.qhinguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** docker/compose.yml wires the suite the way the services and the contracts expect. */
class ComposeFileTest {

  private static final Pattern SECRET_LIKE =
      Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|_AUTH$).*");

  /** A value taken from docker/.env that compose refuses to start without. */
  private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{[A-Z_]+:\\?[^}]+}");

  private static Map<String, Object> services;
  private static Map<String, Object> networks;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws IOException {
    String text = Files.readString(Kustomize.repoRoot().resolve("docker/compose.yml"));
    // SafeConstructor: plain data only; merge keys (<<) and anchors are resolved.
    Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    services = (Map<String, Object>) compose.get("services");
    networks = (Map<String, Object>) compose.get("networks");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String name) {
    assertThat(services).containsKey(name);
    return (Map<String, Object>) services.get(name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> env(String name) {
    Map<String, Object> environment = (Map<String, Object>) service(name).get("environment");
    assertThat(environment).as(name + " environment is a map").isNotNull();
    return environment.entrySet().stream()
        .collect(
            java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> String.valueOf(e.getValue())));
  }

  @Test
  void runsTheFourServicesAndWhatTheyNeed() {
    assertThat(services)
        .containsOnlyKeys(
            "postgres",
            "redis",
            "rabbitmq",
            "fhir-upstream",
            "token-authority-service",
            "policy-service",
            "audit-service",
            "fhir-facade-service",
            "scenario");
  }

  /** The facade's upstream is our synthetic FHIR server, the data the scenario expects. */
  @Test
  @SuppressWarnings("unchecked")
  void theUpstreamIsTheSyntheticFhirServerBuiltHardenedAndHealthChecked() {
    Map<String, Object> upstream = service("fhir-upstream");

    Map<String, Object> build = (Map<String, Object>) upstream.get("build");
    assertThat(build)
        .containsEntry("context", "..")
        .containsEntry("dockerfile", "docker/fhir-upstream/Dockerfile.jvm");
    assertThat(Kustomize.repoRoot().resolve("docker/fhir-upstream/Dockerfile.jvm")).isRegularFile();
    assertThat(String.valueOf(upstream.get("image"))).startsWith("qhin-guard/fhir-upstream:");
    // port 8090, the 60 patients pat-0001..pat-0060 the scenario reads
    assertThat((List<String>) upstream.get("command")).containsExactly("8090", "60");
    assertThat(upstream).containsEntry("read_only", true).doesNotContainKey("ports");
    assertThat((List<String>) upstream.get("cap_drop")).containsExactly("ALL");
    assertThat((List<String>) upstream.get("security_opt")).contains("no-new-privileges:true");
    List<String> test =
        (List<String>) ((Map<String, Object>) upstream.get("healthcheck")).get("test");
    assertThat(test).startsWith("CMD", "bash", "-c").hasSize(4);
    assertThat(test.get(3))
        .contains("/dev/tcp/127.0.0.1/8090 && printf 'GET /fhir/metadata HTTP/1.0")
        .contains("[[ $$status == *' 200 '* ]]");
    assertThat((Map<String, Object>) service("fhir-facade-service").get("depends_on"))
        .containsEntry("fhir-upstream", Map.of("condition", "service_healthy"));
  }

  /** --profile scenario up --exit-code-from scenario runs the suite's scenario once, after all. */
  @Test
  @SuppressWarnings("unchecked")
  void theScenarioRunsOnlyInItsProfileOnceEveryServiceIsHealthy() {
    Map<String, Object> scenario = service("scenario");

    assertThat((List<String>) scenario.get("profiles")).containsExactly("scenario");
    for (String name : services.keySet()) {
      if (!name.equals("scenario")) {
        assertThat((Map<String, Object>) service(name)).as(name).doesNotContainKey("profiles");
      }
    }
    Map<String, Object> build = (Map<String, Object>) scenario.get("build");
    assertThat(build)
        .containsEntry("context", "..")
        .containsEntry("dockerfile", "docker/scenario/Dockerfile");
    assertThat(Kustomize.repoRoot().resolve("docker/scenario/Dockerfile")).isRegularFile();
    // A one-shot: restarted, its exit status would not be the scenario's.
    assertThat(scenario).containsEntry("restart", "no").doesNotContainKey("ports");
    assertThat(scenario).containsEntry("read_only", true);
    assertThat((List<String>) scenario.get("cap_drop")).containsExactly("ALL");
    assertThat((List<String>) scenario.get("security_opt")).contains("no-new-privileges:true");
    assertThat((List<String>) scenario.get("tmpfs")).containsExactly("/tmp");

    Map<String, Object> dependsOn = (Map<String, Object>) scenario.get("depends_on");
    assertThat(dependsOn).containsOnlyKeys(Suite.PORTS.keySet());
    dependsOn.forEach(
        (dependency, condition) ->
            assertThat((Map<String, Object>) condition)
                .as("scenario waits for " + dependency)
                .containsEntry("condition", "service_healthy"));
  }

  @Test
  void theScenarioCallsServicesByNameAndAsksTokensForThePublicAudience() {
    Map<String, String> env = env("scenario");

    assertThat(env)
        .containsEntry("QG_E2E_FACADE", "http://fhir-facade-service:8080")
        .containsEntry("QG_E2E_AUTHORITY", "http://token-authority-service:8081")
        .containsEntry("QG_E2E_POLICY", "http://policy-service:8082")
        .containsEntry("QG_E2E_AUDIT", "http://audit-service:8083");
    // Tokens name the facade's public FHIR base: the audience the facade introspects for and the
    // only one the authority lets the facade's client introspect for.
    String publicBase = env("fhir-facade-service").get("QG_FACADE_PUBLIC_BASE_URL");
    assertThat(publicBase).startsWith("${QG_FACADE_PUBLIC_BASE_URL:-");
    assertThat(env).containsEntry("QG_E2E_AUDIENCE", publicBase);
    assertThat(env("token-authority-service"))
        .containsEntry("QG_BOOTSTRAP_CLIENTS__FHIR_FACADE__AUDIENCES", publicBase);
    // The same secrets the services get, from docker/.env.
    assertThat(env.get("QG_BOOTSTRAP_ADMIN_CLIENT_ID"))
        .isEqualTo(env("token-authority-service").get("QG_BOOTSTRAP_ADMIN_CLIENT_ID"));
    assertThat(env.get("QG_BOOTSTRAP_ADMIN_CLIENT_SECRET"))
        .startsWith("${QG_BOOTSTRAP_ADMIN_CLIENT_SECRET:?")
        .isEqualTo(env("token-authority-service").get("QG_BOOTSTRAP_ADMIN_CLIENT_SECRET"));
    assertThat(env.get("QG_FACADE_CLIENT_SECRET"))
        .startsWith("${QG_FACADE_CLIENT_SECRET:?")
        .isEqualTo(env("fhir-facade-service").get("QG_FACADE_CLIENT_SECRET"));
  }

  @Test
  void auditRunsShortAnomalyWindowsByDefaultSoTheScenarioSeesTheScrape() {
    assertThat(env("audit-service"))
        .containsEntry("QG_AUDIT_ANOMALY_WINDOW", "${QG_AUDIT_ANOMALY_WINDOW:-PT3S}")
        .containsEntry("QG_AUDIT_ANOMALY_WARM_UP_WINDOWS", "${QG_AUDIT_ANOMALY_WARM_UP_WINDOWS:-3}")
        .containsEntry("QG_AUDIT_ANOMALY_MIN_OBSERVED", "${QG_AUDIT_ANOMALY_MIN_OBSERVED:-10}");
  }

  @ParameterizedTest
  @MethodSource("org.qhinguard.deploy.Suite#servicesAndPorts")
  @SuppressWarnings("unchecked")
  void eachServiceIsBuiltHardenedAndHealthCheckedOnItsPort(String name, int port) {
    Map<String, Object> service = service(name);

    Map<String, Object> build = (Map<String, Object>) service.get("build");
    assertThat(build).containsEntry("context", "..");
    Path dockerfile = Kustomize.repoRoot().resolve(String.valueOf(build.get("dockerfile")));
    assertThat(dockerfile).isRegularFile().hasFileName("Dockerfile.jvm");
    assertThat(dockerfile.getParent()).hasFileName(name);

    assertThat((List<String>) service.get("ports"))
        .containsExactly("${" + portVariable(name) + ":-" + port + "}:" + port);
    assertThat((List<Map<String, Object>>) service.get("env_file"))
        .containsExactly(Map.of("path", "./env/" + name + ".env", "required", false));
    assertThat(service).containsEntry("read_only", true);
    assertThat((List<String>) service.get("cap_drop")).containsExactly("ALL");
    assertThat((List<String>) service.get("security_opt")).contains("no-new-privileges:true");

    Map<String, Object> healthcheck = (Map<String, Object>) service.get("healthcheck");
    List<String> test = (List<String>) healthcheck.get("test");
    assertThat(test).startsWith("CMD", "bash", "-c").hasSize(4);
    // $$ is compose's escape for a literal $: a bare $status would be interpolated away.
    assertThat(test.get(3))
        .contains("/dev/tcp/127.0.0.1/" + port + " && printf 'GET /q/health/ready HTTP/1.0")
        .contains("[[ $$status == *' 200 '* ]]");
  }

  @ParameterizedTest
  @CsvSource({
    "fhir-facade-service, redis rabbitmq fhir-upstream token-authority-service policy-service",
    "token-authority-service, postgres redis rabbitmq",
    "policy-service, postgres rabbitmq token-authority-service",
    "audit-service, postgres rabbitmq token-authority-service"
  })
  @SuppressWarnings("unchecked")
  void eachServiceWaitsForWhatItUses(String name, String dependencies) {
    Map<String, Object> dependsOn = (Map<String, Object>) service(name).get("depends_on");

    assertThat(dependsOn).containsOnlyKeys(List.of(dependencies.split(" ")));
    dependsOn.forEach(
        (dependency, condition) ->
            assertThat(((Map<String, Object>) condition).get("condition"))
                .as(name + " waits for " + dependency)
                .isIn("service_healthy", "service_started"));
    for (String backing : List.of("postgres", "redis", "rabbitmq", "fhir-upstream")) {
      if (dependsOn.containsKey(backing)) {
        assertThat(((Map<String, Object>) dependsOn.get(backing)).get("condition"))
            .isEqualTo("service_healthy");
        assertThat(service(backing)).containsKey("healthcheck");
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "postgres, data",
    "redis, cache",
    "rabbitmq, bus",
    "fhir-upstream, upstream",
    "scenario, edge",
    "token-authority-service, edge data cache bus",
    "policy-service, edge data bus",
    "audit-service, edge data bus",
    "fhir-facade-service, edge cache bus upstream"
  })
  @SuppressWarnings("unchecked")
  void joinsOnlyTheNetworksOfWhatItUses(String name, String expected) {
    assertThat((List<String>) service(name).get("networks"))
        .containsExactlyInAnyOrder(expected.split(" "));
  }

  @Test
  @SuppressWarnings("unchecked")
  void keepsTheBackingNetworksWithoutRouteOut() {
    assertThat(networks).containsOnlyKeys("edge", "data", "cache", "bus", "upstream");
    for (String internal : List.of("data", "cache", "bus", "upstream")) {
      assertThat((Map<String, Object>) networks.get(internal))
          .as(internal)
          .containsEntry("internal", true);
    }
    for (String backing : List.of("postgres", "redis", "rabbitmq", "fhir-upstream")) {
      assertThat(service(backing)).as(backing + " publishes no port").doesNotContainKey("ports");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "token-authority-service, authority",
    "policy-service, policy",
    "audit-service, audit"
  })
  void eachDatabaseUserGetsItsOwnSchema(String name, String schema) {
    Map<String, String> env = env(name);

    assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL"))
        .isEqualTo("jdbc:postgresql://postgres:5432/qhinguard?currentSchema=" + schema);
    assertThat(env).containsEntry("QUARKUS_DATASOURCE_USERNAME", schema);
  }

  @Test
  void theInitScriptCreatesARoleAndSchemaForEachDatabaseUser() throws IOException {
    String script =
        Files.readString(
            Kustomize.repoRoot().resolve("docker/postgres/init/10-service-schemas.sh"));

    for (String schema : List.of("authority", "policy", "audit")) {
      assertThat(script).containsPattern("create_service_schema " + schema + " \"\\$[A-Z_]+\"");
      assertThat(env("postgres")).containsKey(schema.toUpperCase() + "_DB_PASSWORD");
    }
  }

  @Test
  void wiresTheServicesToEachOtherByServiceName() {
    for (String name :
        List.of(
            "fhir-facade-service", "token-authority-service", "policy-service", "audit-service")) {
      Map<String, String> env = env(name);
      assertThat(env)
          .containsEntry("QG_AUTHORITY_URL", "http://token-authority-service:8081")
          .containsEntry("QG_BUS_EXCHANGE", "qhin-guard.events")
          .containsEntry("RABBITMQ_HOST", "rabbitmq")
          .containsEntry("RABBITMQ_PORT", "5672");
    }
    assertThat(env("fhir-facade-service"))
        .containsEntry("QG_FACADE_UPSTREAM_URL", "http://fhir-upstream:8090/fhir")
        .containsEntry("QG_POLICY_URL", "http://policy-service:8082");
    for (String name : List.of("fhir-facade-service", "token-authority-service")) {
      assertThat(env(name))
          .containsEntry("QUARKUS_REDIS_HOSTS", "redis://redis:6379")
          .containsEntry(
              "QUARKUS_REDIS_PASSWORD", "${REDIS_PASSWORD:?set REDIS_PASSWORD in docker/.env}");
    }
    assertThat(env("token-authority-service"))
        .containsEntry("QUARKUS_REST_CLIENT_POLICY_SERVICE_URL", "http://policy-service:8082");
    // The facade authenticates to the authority with the secret the authority registers for it.
    assertThat(env("fhir-facade-service").get("QG_FACADE_CLIENT_SECRET"))
        .startsWith("${QG_FACADE_CLIENT_SECRET:?")
        .isEqualTo(env("token-authority-service").get("QG_BOOTSTRAP_CLIENTS__FHIR_FACADE__SECRET"));
  }

  @Test
  void takesEverySecretFromTheGitIgnoredEnvFile() throws IOException {
    for (String name : services.keySet()) {
      // A service without environment (fhir-upstream) holds no secret.
      if (!service(name).containsKey("environment")) {
        continue;
      }
      env(name)
          .forEach(
              (key, value) -> {
                if (SECRET_LIKE.matcher(key).matches()) {
                  assertThat(value).as(name + " " + key).matches("\\$\\{[A-Z_]+(:\\?[^}]+)?}");
                }
                if (value.contains("://") && value.contains("@")) {
                  assertThat(value).as(name + " " + key).containsPattern(REQUIRED_VARIABLE);
                }
              });
    }
    assertThat(Files.readAllLines(Kustomize.repoRoot().resolve("docker/.gitignore")))
        .contains(".env", "env/*.env");
    assertThat(Kustomize.repoRoot().resolve("docker/.env.example")).isRegularFile();
  }

  @Test
  void theEnvExampleListsEveryVariableComposeRequires() throws IOException {
    String compose = Files.readString(Kustomize.repoRoot().resolve("docker/compose.yml"));
    java.util.Set<String> required = new java.util.TreeSet<>();
    var matcher = Pattern.compile("\\$\\{([A-Z_]+):\\?").matcher(compose);
    while (matcher.find()) {
      required.add(matcher.group(1));
    }
    java.util.Set<String> listed = new java.util.TreeSet<>();
    for (String line : Files.readAllLines(Kustomize.repoRoot().resolve("docker/.env.example"))) {
      if (line.matches("[A-Z_]+=.*")) {
        listed.add(line.substring(0, line.indexOf('=')));
        // The example holds no secret: every required value is left for the user to fill in.
        if (SECRET_LIKE.matcher(line.substring(0, line.indexOf('='))).matches()) {
          assertThat(line).as("example value").endsWith("=");
        }
      }
    }

    assertThat(required).isNotEmpty();
    assertThat(listed).containsAll(required);
  }

  private static String portVariable(String name) {
    return switch (name) {
      case "fhir-facade-service" -> "QG_FACADE_PORT";
      case "token-authority-service" -> "QG_AUTHORITY_PORT";
      case "policy-service" -> "QG_POLICY_PORT";
      default -> "QG_AUDIT_PORT";
    };
  }
}
