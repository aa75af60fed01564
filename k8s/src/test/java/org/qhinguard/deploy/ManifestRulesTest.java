package org.qhinguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Each rule catches its violation: a freshly rendered, compliant overlay is broken in one place and
 * the rules must name that place.
 */
class ManifestRulesTest {

  private static Manifests dev() {
    return Manifests.render("dev");
  }

  private static Manifests prod() {
    return Manifests.render("prod");
  }

  private static Deployment policy(Manifests manifests) {
    return manifests.named(Deployment.class, "policy-service").orElseThrow();
  }

  private static Container container(Manifests manifests) {
    return policy(manifests).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static Manifests without(Manifests manifests, Predicate<HasMetadata> removed) {
    List<HasMetadata> kept = new ArrayList<>(manifests.objects());
    kept.removeIf(removed);
    return new Manifests(kept);
  }

  @Test
  void flagsAContainerWithoutReadinessProbe() {
    Manifests manifests = dev();
    container(manifests).setReadinessProbe(null);

    assertThat(ManifestRules.development(manifests))
        .containsExactly("Deployment/policy-service container policy-service: no readiness probe");
  }

  @Test
  void flagsALivenessProbeOnAnotherPath() {
    Manifests manifests = dev();
    container(manifests).getLivenessProbe().getHttpGet().setPath("/q/health");

    assertThat(ManifestRules.development(manifests))
        .containsExactly(
            "Deployment/policy-service container policy-service: the liveness probe checks"
                + " /q/health, not /q/health/live");
  }

  @Test
  void flagsAContainerWithoutStartupProbe() {
    Manifests manifests = dev();
    container(manifests).setStartupProbe(null);

    assertThat(ManifestRules.development(manifests))
        .containsExactly("Deployment/policy-service container policy-service: no startup probe");
  }

  @Test
  void flagsAProbeOnAPortTheContainerDoesNotOpen() {
    Manifests manifests = dev();
    container(manifests).getReadinessProbe().getHttpGet().setPort(new IntOrString("management"));

    assertThat(ManifestRules.development(manifests))
        .singleElement()
        .asString()
        .startsWith(
            "Deployment/policy-service container policy-service: the readiness probe targets")
        .endsWith("which it does not open");
  }

  @Test
  void flagsAContainerWithoutImage() {
    Manifests manifests = dev();
    container(manifests).setImage(null);

    assertThat(ManifestRules.development(manifests))
        .containsExactly("Deployment/policy-service container policy-service: no image");
  }

  @Test
  void flagsAContainerWithoutMemoryLimit() {
    Manifests manifests = dev();
    container(manifests).getResources().getLimits().remove("memory");

    assertThat(ManifestRules.development(manifests))
        .containsExactly("Deployment/policy-service container policy-service: no memory limit");
  }

  @Test
  void flagsARequestAboveItsLimit() {
    Manifests manifests = dev();
    container(manifests).getResources().getRequests().put("cpu", new Quantity("2"));

    assertThat(ManifestRules.development(manifests))
        .containsExactly(
            "Deployment/policy-service container policy-service: cpu request above its limit");
  }

  @Test
  void flagsAWritableRootFileSystem() {
    Manifests manifests = dev();
    container(manifests).getSecurityContext().setReadOnlyRootFilesystem(false);

    assertThat(ManifestRules.development(manifests))
        .containsExactly(
            "Deployment/policy-service container policy-service: readOnlyRootFilesystem must be"
                + " true");
  }

  @Test
  void flagsAReadOnlyRootWithoutATmpVolume() {
    Manifests manifests = dev();
    container(manifests).setVolumeMounts(List.of());

    assertThat(ManifestRules.development(manifests))
        .containsExactly(
            "Deployment/policy-service container policy-service: a read-only root file system"
                + " needs an emptyDir on /tmp");
  }

  @Test
  void flagsCapabilitiesThatAreNotAllDropped() {
    Manifests manifests = dev();
    container(manifests).getSecurityContext().getCapabilities().setDrop(List.of("NET_RAW"));

    assertThat(ManifestRules.development(manifests))
        .containsExactly(
            "Deployment/policy-service container policy-service: capabilities must drop ALL");
  }

  @Test
  void flagsPrivilegeEscalation() {
    Manifests manifests = dev();
    container(manifests).getSecurityContext().setAllowPrivilegeEscalation(null);

    assertThat(ManifestRules.development(manifests))
        .containsExactly(
            "Deployment/policy-service container policy-service: allowPrivilegeEscalation must be"
                + " false");
  }

  @Test
  void flagsAContainerThatMayRunAsRoot() {
    Manifests manifests = dev();
    container(manifests).getSecurityContext().setRunAsNonRoot(false);

    assertThat(ManifestRules.development(manifests))
        .containsExactly(
            "Deployment/policy-service container policy-service: runAsNonRoot must be true");
  }

  @Test
  void flagsAPodWithoutRuntimeDefaultSeccomp() {
    Manifests manifests = dev();
    policy(manifests)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getSecurityContext()
        .setSeccompProfile(null);

    assertThat(ManifestRules.development(manifests))
        .containsExactly("Deployment/policy-service: pod seccompProfile must be RuntimeDefault");
  }

  @Test
  void flagsAServiceAccountThatMountsItsToken() {
    Manifests manifests = dev();
    manifests
        .named(ServiceAccount.class, "policy-service")
        .orElseThrow()
        .setAutomountServiceAccountToken(true);

    assertThat(ManifestRules.development(manifests))
        .containsExactly(
            "ServiceAccount/policy-service: automountServiceAccountToken must be false");
  }

  @Test
  void flagsADeploymentWithoutPodDisruptionBudget() {
    Manifests manifests =
        without(
            dev(),
            o ->
                o instanceof PodDisruptionBudget
                    && "policy-service".equals(o.getMetadata().getName()));

    assertThat(ManifestRules.development(manifests))
        .containsExactly("Deployment/policy-service: no PodDisruptionBudget selects its pods");
  }

  @Test
  void flagsADeploymentWithoutAutoscaler() {
    Manifests manifests =
        without(
            dev(),
            o ->
                o instanceof HorizontalPodAutoscaler
                    && "policy-service".equals(o.getMetadata().getName()));

    assertThat(ManifestRules.development(manifests))
        .containsExactly("Deployment/policy-service: no HorizontalPodAutoscaler scales it");
  }

  @Test
  void flagsAnOverlayWithoutDefaultDeny() {
    Manifests manifests =
        without(
            dev(),
            o -> o instanceof NetworkPolicy && ManifestRules.isDefaultDeny((NetworkPolicy) o));

    assertThat(ManifestRules.development(manifests))
        .containsExactly(
            "no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)");
  }

  @Test
  void flagsARenderedSecret() {
    Manifests manifests = dev();
    List<HasMetadata> objects = new ArrayList<>(manifests.objects());
    objects.add(
        new SecretBuilder()
            .withNewMetadata()
            .withName("policy-service-secrets")
            .withNamespace(manifests.namespace())
            .endMetadata()
            .addToStringData("QUARKUS_DATASOURCE_PASSWORD", "change-me")
            .build());

    assertThat(ManifestRules.development(new Manifests(objects)))
        .containsExactly(
            "Secret/policy-service-secrets: Secrets are created in the cluster, never rendered"
                + " from git");
  }

  @Test
  void flagsAPasswordWrittenAsALiteral() {
    Manifests manifests = dev();
    container(manifests).getEnv().add(new EnvVar("RABBITMQ_PASSWORD", "guest", null));

    assertThat(ManifestRules.development(manifests))
        .containsExactly(
            "Deployment/policy-service container policy-service: RABBITMQ_PASSWORD is a literal;"
                + " credentials come from a Secret");
  }

  @Test
  void flagsACredentialInsideAConfiguredUrl() {
    Manifests manifests = dev();
    ConfigMap config =
        manifests.all(ConfigMap.class).stream()
            .filter(c -> c.getMetadata().getName().startsWith("policy-service-config"))
            .findFirst()
            .orElseThrow();
    config.getData().put("QUARKUS_REDIS_HOSTS", "redis://admin:hunter2@redis:6379");

    assertThat(ManifestRules.development(manifests))
        .singleElement()
        .asString()
        .startsWith("ConfigMap/policy-service-config")
        .endsWith("QUARKUS_REDIS_HOSTS holds a credential; put it in a Secret");
  }

  @Test
  void flagsAnObjectOutsideTheOverlaysNamespace() {
    Manifests manifests = dev();
    policy(manifests).getMetadata().setNamespace("default");

    assertThat(ManifestRules.development(manifests))
        .containsExactly("Deployment/policy-service: namespace default, not qhin-guard-dev");
  }

  @Test
  void flagsMoreThanOneReplicaInDev() {
    Manifests manifests = dev();
    policy(manifests).getSpec().setReplicas(3);

    assertThat(ManifestRules.development(manifests))
        .containsExactly("Deployment/policy-service: dev runs one replica");
  }

  @Test
  void flagsASingleReplicaInProduction() {
    Manifests manifests = prod();
    policy(manifests).getSpec().setReplicas(1);

    assertThat(ManifestRules.production(manifests))
        .containsExactly("Deployment/policy-service: 1 replicas, production needs at least 2");
  }

  @Test
  void flagsAnAutoscalerThatMayShrinkToOneInProduction() {
    Manifests manifests = prod();
    manifests
        .named(HorizontalPodAutoscaler.class, "audit-service")
        .orElseThrow()
        .getSpec()
        .setMinReplicas(1);

    assertThat(ManifestRules.production(manifests))
        .containsExactly(
            "HorizontalPodAutoscaler/audit-service: minReplicas 1, production needs at least 2");
  }

  @Test
  void flagsAnUnpinnedImageInProduction() {
    Manifests manifests = prod();
    container(manifests).setImage("registry.example.org/qhin-guard/policy-service:latest");

    assertThat(ManifestRules.production(manifests))
        .containsExactly(
            "Deployment/policy-service: image registry.example.org/qhin-guard/policy-service:latest"
                + " is not pinned");
  }

  @Test
  void acceptsAnImagePinnedByDigestInProduction() {
    Manifests manifests = prod();
    container(manifests)
        .setImage(
            "registry.example.org/qhin-guard/policy-service:0.1.0@sha256:"
                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

    assertThat(ManifestRules.production(manifests)).isEmpty();
  }

  @Test
  void flagsAPublicHostWithoutTlsInProduction() {
    Manifests manifests = prod();
    Ingress ingress = manifests.all(Ingress.class).get(0);
    ingress.getSpec().getTls().get(0).setHosts(List.of("fhir.qhin-guard.example.org"));

    assertThat(ManifestRules.production(manifests))
        .containsExactly(
            "Ingress/qhin-guard: host auth.qhin-guard.example.org is not served over TLS");
  }

  @Test
  void flagsAnIngressWithoutCertManagerInProduction() {
    Manifests manifests = prod();
    manifests.all(Ingress.class).get(0).getMetadata().getAnnotations().clear();

    assertThat(ManifestRules.production(manifests))
        .containsExactly("Ingress/qhin-guard: no cert-manager issuer annotation");
  }

  @Test
  void flagsProductionWithoutIngress() {
    Manifests manifests = without(prod(), o -> o instanceof Ingress);

    assertThat(ManifestRules.production(manifests))
        .containsExactly("no Ingress: production serves the facade and the authority over TLS");
  }

  @Test
  void readsTheTagOfAnImageReference() {
    assertThat(ManifestRules.tag("registry.example.org:5000/qhin-guard/audit-service")).isEmpty();
    assertThat(ManifestRules.tag("registry.example.org:5000/qhin-guard/audit-service:0.1.0"))
        .isEqualTo("0.1.0");
    assertThat(ManifestRules.tag("qhin-guard/audit-service@sha256:abc")).isEmpty();
  }
}
