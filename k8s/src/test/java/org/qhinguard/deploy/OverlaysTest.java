package org.qhinguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qhinguard.deploy.NetworkFlows.Endpoint;
import org.qhinguard.deploy.NetworkFlows.Port;

/** Renders each overlay with kubectl kustomize and holds it to the suite's deployment rules. */
class OverlaysTest {

  private static final Map<String, Integer> PORTS = Suite.PORTS;

  /** Who may talk to the suite in both overlays: the public edges, admins, Prometheus. */
  private static final Set<String> INBOUND =
      Set.of(
          "ingress-controller -> fhir-facade-service:8080",
          "ingress-controller -> token-authority-service:8081",
          "unlabelled-pod-elsewhere -> fhir-facade-service:8080",
          "unlabelled-pod-elsewhere -> token-authority-service:8081",
          "internet -> fhir-facade-service:8080",
          "internet -> token-authority-service:8081",
          "kube-dns -> fhir-facade-service:8080",
          "kube-dns -> token-authority-service:8081",
          "admin-namespace-pod -> fhir-facade-service:8080",
          "admin-namespace-pod -> token-authority-service:8081",
          "admin-namespace-pod -> policy-service:8082",
          "admin-namespace-pod -> audit-service:8083",
          "admin-pod-same-namespace -> fhir-facade-service:8080",
          "admin-pod-same-namespace -> token-authority-service:8081",
          "admin-pod-same-namespace -> policy-service:8082",
          "admin-pod-same-namespace -> audit-service:8083",
          "admin-pod-same-namespace -> kube-dns:53",
          "admin-pod-same-namespace -> kube-dns:53/UDP",
          "prometheus -> fhir-facade-service:8080",
          "prometheus -> token-authority-service:8081",
          "prometheus -> policy-service:8082",
          "prometheus -> audit-service:8083");

  /** Between the four services, their name lookups, and the authority's fetch of JWKS URIs. */
  private static final Set<String> BETWEEN_SERVICES =
      Set.of(
          "fhir-facade-service -> token-authority-service:8081",
          "fhir-facade-service -> policy-service:8082",
          "token-authority-service -> policy-service:8082",
          "policy-service -> token-authority-service:8081",
          "audit-service -> token-authority-service:8081",
          "fhir-facade-service -> kube-dns:53",
          "fhir-facade-service -> kube-dns:53/UDP",
          "token-authority-service -> kube-dns:53",
          "token-authority-service -> kube-dns:53/UDP",
          "policy-service -> kube-dns:53",
          "policy-service -> kube-dns:53/UDP",
          "audit-service -> kube-dns:53",
          "audit-service -> kube-dns:53/UDP",
          // Participants' jwks_uri (private_key_jwt), on public addresses only.
          "token-authority-service -> internet:443");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void rendersOnlyValidObjectsOfTheExpectedKinds(String overlay) {
    Manifests manifests = Manifests.render(overlay);

    Map<String, Long> kinds =
        manifests.objects().stream()
            .collect(Collectors.groupingBy(HasMetadata::getKind, Collectors.counting()));
    assertThat(kinds)
        .containsEntry("Deployment", 4L)
        .containsEntry("Service", 4L)
        .containsEntry("ServiceAccount", 4L)
        .containsEntry("PodDisruptionBudget", 4L)
        .containsEntry("HorizontalPodAutoscaler", 4L)
        .containsEntry("Namespace", 1L)
        .doesNotContainKey("Secret");
    assertThat(manifests.deployments())
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(PORTS.keySet());
  }

  @Test
  void devOverlayFollowsTheDeploymentRules() {
    assertThat(ManifestRules.development(Manifests.render("dev"))).isEmpty();
  }

  @Test
  void prodOverlayFollowsTheProductionRules() {
    assertThat(ManifestRules.production(Manifests.render("prod"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void eachServiceServesProbesAndMetricsOnItsOwnPort(String overlay) {
    Manifests manifests = Manifests.render(overlay);
    for (Deployment deployment : manifests.deployments()) {
      String name = deployment.getMetadata().getName();
      int port = PORTS.get(name);
      Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(container.getPorts())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getContainerPort()).isEqualTo(port);
              });
      assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
      assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
          .containsEntry("prometheus.io/path", "/q/metrics")
          .containsEntry("prometheus.io/port", String.valueOf(port));
      Service service = manifests.named(Service.class, name).orElseThrow();
      assertThat(service.getSpec().getPorts())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.getPort()).isEqualTo(port);
                assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
              });
    }
  }

  @Test
  void devAllowsExactlyTheFlowsTheSuiteNeeds() {
    Manifests manifests = Manifests.render("dev");

    Set<String> expected =
        expected(
            "fhir-facade-service -> redis:6379",
            "fhir-facade-service -> rabbitmq:5672",
            "fhir-facade-service -> hapi-fhir:8080",
            "token-authority-service -> postgresql:5432",
            "token-authority-service -> redis:6379",
            "token-authority-service -> rabbitmq:5672",
            "policy-service -> postgresql:5432",
            "policy-service -> rabbitmq:5672",
            "audit-service -> postgresql:5432",
            "audit-service -> rabbitmq:5672");

    assertThat(allowedFlows(manifests, Topology.inClusterBackingServices(manifests.namespace())))
        .isEqualTo(expected);
  }

  @Test
  void prodAllowsExactlyTheFlowsTheSuiteNeedsToManagedServicesOnly() {
    Manifests manifests = Manifests.render("prod");
    // In-cluster look-alikes of the backing services must not be reachable in prod.
    List<Endpoint> backing =
        new ArrayList<>(Topology.inClusterBackingServices(manifests.namespace()));
    backing.addAll(Topology.managedBackingServices());

    Set<String> expected =
        expected(
            "fhir-facade-service -> managed-redis:6380",
            "fhir-facade-service -> managed-rabbitmq:5671",
            "fhir-facade-service -> upstream-fhir:443",
            "token-authority-service -> managed-postgresql:5432",
            "token-authority-service -> managed-redis:6380",
            "token-authority-service -> managed-rabbitmq:5671",
            "policy-service -> managed-postgresql:5432",
            "policy-service -> managed-rabbitmq:5671",
            "audit-service -> managed-postgresql:5432",
            "audit-service -> managed-rabbitmq:5671");
    // The public edges accept any address, those of the managed services included.
    for (Endpoint managed : Topology.managedBackingServices()) {
      expected.add(managed.name() + " -> fhir-facade-service:8080");
      expected.add(managed.name() + " -> token-authority-service:8081");
    }

    assertThat(allowedFlows(manifests, backing)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void authorityFetchesJwksFromPublicAddressesOnlyNeverPrivateOrMetadataOnes(String overlay) {
    Manifests manifests = Manifests.render(overlay);
    NetworkFlows flows = new NetworkFlows(manifests.all(NetworkPolicy.class));
    Endpoint authority =
        Topology.suite(manifests).stream()
            .filter(e -> e.name().equals("token-authority-service"))
            .findFirst()
            .orElseThrow();
    Port https = Port.tcp(443);

    assertThat(flows.allows(authority, address("203.0.113.10"), https)).isTrue();
    for (String inside :
        List.of("169.254.169.254", "10.0.0.1", "172.20.0.1", "192.168.1.1", "100.64.0.1")) {
      assertThat(flows.allows(authority, address(inside), https)).as(inside).isFalse();
    }
    assertThat(flows.allows(authority, address("203.0.113.10"), Port.tcp(80))).isFalse();
  }

  private static Endpoint address(String ip) {
    return Endpoint.address(ip, ip, Set.of(Port.tcp(443), Port.tcp(80)));
  }

  @Test
  void prodReachesItsBackingServicesOutsideTheClusterOverTls() {
    Manifests manifests = Manifests.render("prod");
    Map<String, String> config = new java.util.HashMap<>();
    for (ConfigMap map : manifests.all(ConfigMap.class)) {
      map.getData().forEach((k, v) -> config.merge(k, v, (a, b) -> a + "\n" + b));
    }

    assertThat(config.get("QUARKUS_DATASOURCE_JDBC_URL").lines())
        .hasSize(3)
        .allSatisfy(
            url ->
                assertThat(url)
                    .contains("sslmode=verify-full")
                    .doesNotContain("svc.cluster.local")
                    .matches("jdbc:postgresql://[a-z0-9-]+(\\.[a-z0-9-]+)+:\\d+/.*"));
    assertThat(config.get("QUARKUS_REDIS_HOSTS").lines())
        .hasSize(2)
        .allSatisfy(hosts -> assertThat(hosts).startsWith("rediss://").contains("."));
    assertThat(config).containsEntry("RABBITMQ_SSL", "true").containsEntry("RABBITMQ_PORT", "5671");
    assertThat(config.get("RABBITMQ_HOST")).contains(".");
    assertThat(config.get("QG_FACADE_UPSTREAM_URL")).startsWith("https://");
    assertThat(config.get("QG_AUTHORITY_ISSUER")).startsWith("https://");
  }

  @Test
  void prodPublishesOnlyThePartnerFacingPathsNeverHealthOrMetrics() {
    Ingress ingress = Manifests.render("prod").all(Ingress.class).get(0);

    Map<String, List<String>> paths =
        ingress.getSpec().getRules().stream()
            .collect(
                Collectors.toMap(
                    r -> r.getHttp().getPaths().get(0).getBackend().getService().getName(),
                    r -> r.getHttp().getPaths().stream().map(p -> p.getPath()).toList()));
    assertThat(paths)
        .containsOnly(
            Map.entry("fhir-facade-service", List.of("/fhir")),
            Map.entry("token-authority-service", List.of("/oauth2", "/.well-known")));
  }

  @Test
  void devPointsEachServiceAtItsOwnSchema() {
    Manifests manifests = Manifests.render("dev");
    for (String service : List.of("token-authority-service", "policy-service", "audit-service")) {
      String schema = service.substring(0, service.indexOf('-')).replace("token", "authority");
      ConfigMap config =
          manifests.all(ConfigMap.class).stream()
              .filter(c -> c.getMetadata().getName().startsWith(service + "-config-"))
              .findFirst()
              .orElseThrow();
      assertThat(config.getData().get("QUARKUS_DATASOURCE_JDBC_URL"))
          .endsWith("?currentSchema=" + schema);
    }
  }

  private static Set<String> expected(String... backingFlows) {
    Set<String> expected = new java.util.TreeSet<>(INBOUND);
    expected.addAll(BETWEEN_SERVICES);
    expected.addAll(List.of(backingFlows));
    return expected;
  }

  /**
   * The flows the overlay's policies allow among its pods, the usual surroundings and the given
   * backing services, keeping those with at least one end in the overlay's namespace.
   */
  private static Set<String> allowedFlows(Manifests manifests, List<Endpoint> backing) {
    String namespace = manifests.namespace();
    List<Endpoint> endpoints = new ArrayList<>(Topology.suite(manifests));
    endpoints.addAll(Topology.surroundings(namespace));
    endpoints.addAll(backing);
    Set<String> inNamespace =
        endpoints.stream()
            .filter(e -> namespace.equals(e.namespace()))
            .map(Endpoint::name)
            .collect(Collectors.toSet());
    return new NetworkFlows(manifests.all(NetworkPolicy.class))
        .allowed(endpoints).stream()
            .filter(
                flow -> {
                  String from = flow.substring(0, flow.indexOf(" -> "));
                  String to = flow.substring(flow.indexOf(" -> ") + 4, flow.lastIndexOf(':'));
                  return inNamespace.contains(from) || inNamespace.contains(to);
                })
            .collect(Collectors.toCollection(java.util.TreeSet::new));
  }
}
