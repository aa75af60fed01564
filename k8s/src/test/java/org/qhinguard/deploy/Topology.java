package org.qhinguard.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.qhinguard.deploy.NetworkFlows.Endpoint;
import org.qhinguard.deploy.NetworkFlows.Port;

/** The pods of a rendered overlay plus the peers around them that the suite must (not) reach. */
final class Topology {

  private Topology() {}

  /** The suite's own pods, as the Deployments' templates describe them. */
  static List<Endpoint> suite(Manifests manifests) {
    String namespace = manifests.namespace();
    Map<String, String> namespaceLabels = namespaceLabels(namespace, manifests.namespaceLabels());
    List<Endpoint> pods = new ArrayList<>();
    for (Deployment deployment : manifests.deployments()) {
      Map<String, Integer> named = new HashMap<>();
      Set<Port> ports = new HashSet<>();
      for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
        for (ContainerPort port : container.getPorts()) {
          ports.add(new Port(port.getProtocol(), port.getContainerPort()));
          if (port.getName() != null) {
            named.put(port.getName(), port.getContainerPort());
          }
        }
      }
      pods.add(
          Endpoint.pod(
              deployment.getMetadata().getName(),
              namespace,
              namespaceLabels,
              deployment.getSpec().getTemplate().getMetadata().getLabels(),
              named,
              ports));
    }
    return pods;
  }

  /** Peers outside the suite that exist in every cluster. */
  static List<Endpoint> surroundings(String namespace) {
    return List.of(
        pod("ingress-controller", "ingress-nginx", Map.of(), "ingress-nginx"),
        pod("admin-namespace-pod", "qg-admin", Map.of("qhin-guard.org/admin", "true"), "console"),
        pod("unlabelled-pod-elsewhere", "other", Map.of(), "curl"),
        pod("unlabelled-pod-same-namespace", namespace, Map.of(), "debug"),
        Endpoint.pod(
            "admin-pod-same-namespace",
            namespace,
            namespaceLabels(namespace, Map.of()),
            Map.of("qhin-guard.org/admin", "true"),
            Map.of(),
            Set.of()),
        pod("prometheus", "monitoring", Map.of(), "prometheus"),
        Endpoint.pod(
            "kube-dns",
            "kube-system",
            namespaceLabels("kube-system", Map.of()),
            Map.of("k8s-app", "kube-dns"),
            Map.of(),
            Set.of(Port.udp(53), Port.tcp(53))),
        Endpoint.address("internet", "198.51.100.7", Set.of(Port.tcp(443))));
  }

  /** Dev: the backing services as pods in the suite's namespace. */
  static List<Endpoint> inClusterBackingServices(String namespace) {
    return List.of(
        backing(namespace, "postgresql", 5432),
        backing(namespace, "redis", 6379),
        backing(namespace, "rabbitmq", 5672),
        backing(namespace, "hapi-fhir", 8080));
  }

  /** Prod: managed services outside the cluster, at addresses in the overlay's example ranges. */
  static List<Endpoint> managedBackingServices() {
    return List.of(
        Endpoint.address("managed-postgresql", "10.40.1.10", Set.of(Port.tcp(5432))),
        Endpoint.address("managed-redis", "10.40.2.10", Set.of(Port.tcp(6380))),
        Endpoint.address("managed-rabbitmq", "10.40.3.10", Set.of(Port.tcp(5671))),
        Endpoint.address("upstream-fhir", "10.40.4.10", Set.of(Port.tcp(443))));
  }

  private static Endpoint backing(String namespace, String name, int port) {
    return Endpoint.pod(
        name,
        namespace,
        namespaceLabels(namespace, Map.of()),
        Map.of("app.kubernetes.io/name", name),
        Map.of(),
        Set.of(Port.tcp(port)));
  }

  private static Endpoint pod(
      String name, String namespace, Map<String, String> extraNamespaceLabels, String app) {
    return Endpoint.pod(
        name,
        namespace,
        namespaceLabels(namespace, extraNamespaceLabels),
        Map.of("app.kubernetes.io/name", app),
        Map.of(),
        Set.of());
  }

  /** Kubernetes labels every namespace with its own name. */
  private static Map<String, String> namespaceLabels(String namespace, Map<String, String> labels) {
    Map<String, String> all = new HashMap<>(labels);
    all.put("kubernetes.io/metadata.name", namespace);
    return all;
  }
}
