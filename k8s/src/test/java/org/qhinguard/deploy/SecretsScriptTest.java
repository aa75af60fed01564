package org.qhinguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** k8s/create-secrets.sh creates exactly the Secrets and keys the Deployments reference. */
class SecretsScriptTest {

  private static final Map<String, String> BACKING_CREDENTIALS =
      Map.of(
          "AUTHORITY_DB_PASSWORD", "authority-db-pw",
          "POLICY_DB_PASSWORD", "policy-db-pw",
          "AUDIT_DB_PASSWORD", "audit-db-pw",
          "REDIS_PASSWORD", "redis-pw",
          "RABBITMQ_PASSWORD", "rabbit-pw");

  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run run(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", "k8s/create-secrets.sh"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(Kustomize.repoRoot().toFile());
    // Only what the test gives: a developer's own shell variables must not leak in.
    builder.environment().keySet().removeIf(k -> k.endsWith("_PASSWORD") || k.startsWith("QG_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(
        process.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  private static List<Secret> secrets(Run run) {
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    return StrictManifests.parse(run.stdout()).stream().map(Secret.class::cast).toList();
  }

  private static String value(List<Secret> secrets, String name, String key) {
    Secret secret =
        secrets.stream()
            .filter(s -> s.getMetadata().getName().equals(name))
            .findFirst()
            .orElseThrow();
    return new String(
        Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void providesEverySecretKeyTheDeploymentsReference(String overlay) throws Exception {
    Manifests manifests = Manifests.render(overlay);
    List<Secret> secrets = secrets(run(BACKING_CREDENTIALS, manifests.namespace(), "--dry-run"));

    assertThat(secrets)
        .allSatisfy(
            s -> assertThat(s.getMetadata().getNamespace()).isEqualTo(manifests.namespace()));
    for (Deployment deployment : manifests.deployments()) {
      for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
        for (EnvVar env : container.getEnv()) {
          if (env.getValueFrom() == null || env.getValueFrom().getSecretKeyRef() == null) {
            continue;
          }
          var ref = env.getValueFrom().getSecretKeyRef();
          assertThat(secrets)
              .as(deployment.getMetadata().getName() + " " + env.getName())
              .anySatisfy(
                  s -> {
                    assertThat(s.getMetadata().getName()).isEqualTo(ref.getName());
                    assertThat(s.getData()).containsKey(ref.getKey());
                  });
        }
      }
    }
  }

  @Test
  void passesTheBackingServicesCredentialsThroughAndNamesEachServicesDatabaseRole()
      throws Exception {
    List<Secret> secrets = secrets(run(BACKING_CREDENTIALS, "qhin-guard-dev", "--dry-run"));

    assertThat(value(secrets, "policy-service-secrets", "QUARKUS_DATASOURCE_USERNAME"))
        .isEqualTo("policy");
    assertThat(value(secrets, "policy-service-secrets", "QUARKUS_DATASOURCE_PASSWORD"))
        .isEqualTo("policy-db-pw");
    assertThat(value(secrets, "audit-service-secrets", "QUARKUS_DATASOURCE_USERNAME"))
        .isEqualTo("audit");
    assertThat(value(secrets, "token-authority-service-secrets", "QUARKUS_DATASOURCE_USERNAME"))
        .isEqualTo("authority");
    assertThat(value(secrets, "fhir-facade-service-secrets", "QUARKUS_REDIS_PASSWORD"))
        .isEqualTo("redis-pw");
    assertThat(value(secrets, "audit-service-secrets", "RABBITMQ_USERNAME"))
        .isEqualTo("qhin-guard");
  }

  @Test
  void generatesOneFacadeClientSecretAndGivesItToBothSides() throws Exception {
    List<Secret> secrets = secrets(run(BACKING_CREDENTIALS, "qhin-guard-dev", "--dry-run"));

    String facade = value(secrets, "fhir-facade-service-secrets", "QG_FACADE_CLIENT_SECRET");
    assertThat(facade).matches("[0-9a-f]{48}");
    assertThat(
            value(
                secrets,
                "token-authority-service-secrets",
                "QG_BOOTSTRAP_CLIENTS__FHIR_FACADE__SECRET"))
        .isEqualTo(facade);
    assertThat(
            value(secrets, "token-authority-service-secrets", "QG_BOOTSTRAP_ADMIN_CLIENT_SECRET"))
        .matches("[0-9a-f]{48}")
        .isNotEqualTo(facade);
  }

  @Test
  void refusesToGuessABackingServicesPassword() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(BACKING_CREDENTIALS);
    env.remove("REDIS_PASSWORD");

    Run run = run(env, "qhin-guard-dev", "--dry-run");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).contains("REDIS_PASSWORD is not set");
  }

  @Test
  void needsANamespace() throws Exception {
    Run run = run(BACKING_CREDENTIALS);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("usage:");
  }
}
