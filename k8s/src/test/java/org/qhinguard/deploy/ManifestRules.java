package org.qhinguard.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The suite's deployment rules, as violations: an empty list means the overlay complies. Each
 * violation names the object it is about.
 */
final class ManifestRules {

  /** Env names that carry credentials and so must come from a Secret. */
  private static final Pattern SECRET_LIKE =
      Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|PRIVATE|CREDENTIAL|API_?KEY).*");

  private static final Set<String> MUTABLE_TAGS = Set.of("", "latest", "dev", "main", "snapshot");

  private ManifestRules() {}

  /** Rules every overlay obeys. */
  static List<String> common(Manifests manifests) {
    List<String> violations = new ArrayList<>();
    for (Deployment deployment : manifests.deployments()) {
      deployment(manifests, deployment, violations);
    }
    if (manifests.deployments().isEmpty()) {
      violations.add("no Deployment rendered");
    }
    for (Secret secret : manifests.all(Secret.class)) {
      violations.add(id(secret) + ": Secrets are created in the cluster, never rendered from git");
    }
    if (manifests.all(NetworkPolicy.class).stream().noneMatch(ManifestRules::isDefaultDeny)) {
      violations.add(
          "no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)");
    }
    String namespace = manifests.namespace();
    for (HasMetadata object : manifests.objects()) {
      String objectNamespace = object.getMetadata().getNamespace();
      if (!"Namespace".equals(object.getKind()) && !namespace.equals(objectNamespace)) {
        violations.add(id(object) + ": namespace " + objectNamespace + ", not " + namespace);
      }
    }
    return violations;
  }

  /** Production on top of the common rules: redundancy, TLS, pinned images. */
  static List<String> production(Manifests manifests) {
    List<String> violations = new ArrayList<>(common(manifests));
    for (Deployment deployment : manifests.deployments()) {
      Integer replicas = deployment.getSpec().getReplicas();
      if (replicas == null || replicas < 2) {
        violations.add(id(deployment) + ": " + replicas + " replicas, production needs at least 2");
      }
      for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
        String image = Objects.toString(container.getImage(), "");
        if (MUTABLE_TAGS.contains(tag(image).toLowerCase()) && !image.contains("@sha256:")) {
          violations.add(id(deployment) + ": image " + container.getImage() + " is not pinned");
        }
      }
    }
    for (HorizontalPodAutoscaler hpa : manifests.all(HorizontalPodAutoscaler.class)) {
      Integer min = hpa.getSpec().getMinReplicas();
      if (min == null || min < 2) {
        violations.add(id(hpa) + ": minReplicas " + min + ", production needs at least 2");
      }
    }
    List<Ingress> ingresses = manifests.all(Ingress.class);
    if (ingresses.isEmpty()) {
      violations.add("no Ingress: production serves the facade and the authority over TLS");
    }
    for (Ingress ingress : ingresses) {
      tls(ingress, violations);
    }
    return violations;
  }

  /** Development: one replica each keeps a laptop cluster small. */
  static List<String> development(Manifests manifests) {
    List<String> violations = new ArrayList<>(common(manifests));
    for (Deployment deployment : manifests.deployments()) {
      if (!Objects.equals(deployment.getSpec().getReplicas(), 1)) {
        violations.add(id(deployment) + ": dev runs one replica");
      }
    }
    return violations;
  }

  private static void deployment(Manifests manifests, Deployment deployment, List<String> out) {
    String id = id(deployment);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    PodSecurityContext podSecurity = pod.getSecurityContext();

    if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
      out.add(id + ": automountServiceAccountToken must be false on the pod");
    }
    Optional<ServiceAccount> account =
        manifests.named(ServiceAccount.class, Objects.toString(pod.getServiceAccountName(), ""));
    if (account.isEmpty()) {
      out.add(id + ": its ServiceAccount " + pod.getServiceAccountName() + " is not rendered");
    } else if (!Boolean.FALSE.equals(account.get().getAutomountServiceAccountToken())) {
      out.add(id(account.get()) + ": automountServiceAccountToken must be false");
    }
    if (Boolean.TRUE.equals(pod.getHostNetwork())
        || Boolean.TRUE.equals(pod.getHostPID())
        || Boolean.TRUE.equals(pod.getHostIPC())) {
      out.add(id + ": shares a host namespace");
    }
    if (pod.getContainers().isEmpty()) {
      out.add(id + ": no containers");
    }
    for (Container container : concat(pod.getInitContainers(), pod.getContainers())) {
      container(manifests, id + " container " + container.getName(), container, pod, out);
    }
    if (manifests.all(PodDisruptionBudget.class).stream()
        .noneMatch(pdb -> selects(pdb.getSpec().getSelector(), podLabels))) {
      out.add(id + ": no PodDisruptionBudget selects its pods");
    }
    if (manifests.all(HorizontalPodAutoscaler.class).stream()
        .noneMatch(
            hpa ->
                "Deployment".equals(hpa.getSpec().getScaleTargetRef().getKind())
                    && deployment
                        .getMetadata()
                        .getName()
                        .equals(hpa.getSpec().getScaleTargetRef().getName()))) {
      out.add(id + ": no HorizontalPodAutoscaler scales it");
    }
    if (manifests.all(Service.class).stream()
        .noneMatch(s -> selectsAll(s.getSpec().getSelector(), podLabels))) {
      out.add(id + ": no Service selects its pods");
    }
    if (podSecurity == null
        || podSecurity.getSeccompProfile() == null
        || !"RuntimeDefault".equals(podSecurity.getSeccompProfile().getType())) {
      out.add(id + ": pod seccompProfile must be RuntimeDefault");
    }
  }

  private static void container(
      Manifests manifests, String id, Container container, PodSpec pod, List<String> out) {
    probe(id, container, "readiness", container.getReadinessProbe(), "/q/health/ready", out);
    probe(id, container, "liveness", container.getLivenessProbe(), "/q/health/live", out);
    probe(id, container, "startup", container.getStartupProbe(), null, out);
    resources(id, container.getResources(), out);

    SecurityContext security = container.getSecurityContext();
    PodSecurityContext podSecurity = pod.getSecurityContext();
    boolean nonRoot =
        security != null && security.getRunAsNonRoot() != null
            ? security.getRunAsNonRoot()
            : podSecurity != null && Boolean.TRUE.equals(podSecurity.getRunAsNonRoot());
    if (!nonRoot) {
      out.add(id + ": runAsNonRoot must be true");
    }
    Long user =
        security != null && security.getRunAsUser() != null
            ? security.getRunAsUser()
            : podSecurity == null ? null : podSecurity.getRunAsUser();
    if (user != null && user == 0L) {
      out.add(id + ": runs as uid 0");
    }
    if (security == null) {
      out.add(id + ": no securityContext");
      return;
    }
    if (!Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
      out.add(id + ": readOnlyRootFilesystem must be true");
    }
    if (!Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
      out.add(id + ": allowPrivilegeEscalation must be false");
    }
    if (Boolean.TRUE.equals(security.getPrivileged())) {
      out.add(id + ": privileged");
    }
    if (security.getCapabilities() == null
        || security.getCapabilities().getDrop() == null
        || !security.getCapabilities().getDrop().contains("ALL")) {
      out.add(id + ": capabilities must drop ALL");
    } else if (security.getCapabilities().getAdd() != null
        && !security.getCapabilities().getAdd().isEmpty()) {
      out.add(id + ": adds capabilities " + security.getCapabilities().getAdd());
    }
    if (!writableTmp(container, pod)) {
      out.add(id + ": a read-only root file system needs an emptyDir on /tmp");
    }
    for (EnvVar env : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
      if (env.getValue() != null && SECRET_LIKE.matcher(env.getName()).matches()) {
        out.add(id + ": " + env.getName() + " is a literal; credentials come from a Secret");
      }
    }
    for (EnvFromSource source : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
      if (source.getConfigMapRef() != null
          && !Boolean.TRUE.equals(source.getConfigMapRef().getOptional())
          && manifests.named(ConfigMap.class, source.getConfigMapRef().getName()).isEmpty()) {
        out.add(id + ": ConfigMap " + source.getConfigMapRef().getName() + " is not rendered");
      }
    }
    for (ConfigMap config : referencedConfigMaps(manifests, container)) {
      config
          .getData()
          .forEach(
              (key, value) -> {
                if (SECRET_LIKE.matcher(key).matches()
                    || value.matches("(?i).*://[^/@]+:[^/@]+@.*")) {
                  out.add(id(config) + ": " + key + " holds a credential; put it in a Secret");
                }
              });
    }
    if (container.getImage() == null || container.getImage().isBlank()) {
      out.add(id + ": no image");
    } else if (tag(container.getImage()).isEmpty() && !container.getImage().contains("@sha256:")) {
      out.add(id + ": image " + container.getImage() + " has no tag");
    }
  }

  private static List<ConfigMap> referencedConfigMaps(Manifests manifests, Container container) {
    return Optional.ofNullable(container.getEnvFrom()).orElse(List.of()).stream()
        .filter(source -> source.getConfigMapRef() != null)
        .map(source -> manifests.named(ConfigMap.class, source.getConfigMapRef().getName()))
        .flatMap(Optional::stream)
        .filter(config -> config.getData() != null)
        .toList();
  }

  private static void probe(
      String id, Container container, String kind, Probe probe, String path, List<String> out) {
    if (probe == null) {
      out.add(id + ": no " + kind + " probe");
      return;
    }
    if (probe.getHttpGet() == null) {
      out.add(id + ": the " + kind + " probe must be an HTTP GET on the health endpoint");
      return;
    }
    if (path != null && !path.equals(probe.getHttpGet().getPath())) {
      out.add(
          id + ": the " + kind + " probe checks " + probe.getHttpGet().getPath() + ", not " + path);
    }
    // A probe on a port the container does not open fails forever: a crash loop, not a check.
    var port = probe.getHttpGet().getPort();
    boolean opened =
        Optional.ofNullable(container.getPorts()).orElse(List.of()).stream()
            .anyMatch(
                p ->
                    port != null
                        && (port.getIntVal() != null
                            ? port.getIntVal().equals(p.getContainerPort())
                            : port.getStrVal().equals(p.getName())));
    if (!opened) {
      out.add(id + ": the " + kind + " probe targets port " + port + ", which it does not open");
    }
  }

  private static void resources(String id, ResourceRequirements resources, List<String> out) {
    for (String resource : List.of("cpu", "memory")) {
      Quantity request = resources == null ? null : get(resources.getRequests(), resource);
      Quantity limit = resources == null ? null : get(resources.getLimits(), resource);
      if (request == null) {
        out.add(id + ": no " + resource + " request");
      }
      if (limit == null) {
        out.add(id + ": no " + resource + " limit");
      }
      if (request != null
          && limit != null
          && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
        out.add(id + ": " + resource + " request above its limit");
      }
    }
  }

  private static Quantity get(Map<String, Quantity> quantities, String resource) {
    return quantities == null ? null : quantities.get(resource);
  }

  private static boolean writableTmp(Container container, PodSpec pod) {
    return Optional.ofNullable(container.getVolumeMounts()).orElse(List.of()).stream()
        .filter(mount -> "/tmp".equals(mount.getMountPath()))
        .anyMatch(
            mount ->
                Optional.ofNullable(pod.getVolumes()).orElse(List.of()).stream()
                    .filter(v -> v.getName().equals(mount.getName()))
                    .map(Volume::getEmptyDir)
                    .anyMatch(Objects::nonNull));
  }

  private static void tls(Ingress ingress, List<String> out) {
    String id = id(ingress);
    Map<String, String> annotations =
        Optional.ofNullable(ingress.getMetadata().getAnnotations()).orElse(Map.of());
    if (!annotations.containsKey("cert-manager.io/cluster-issuer")
        && !annotations.containsKey("cert-manager.io/issuer")) {
      out.add(id + ": no cert-manager issuer annotation");
    }
    List<IngressTLS> tls = Optional.ofNullable(ingress.getSpec().getTls()).orElse(List.of());
    if (tls.isEmpty()) {
      out.add(id + ": no tls section");
    }
    for (IngressRule rule : Optional.ofNullable(ingress.getSpec().getRules()).orElse(List.of())) {
      boolean covered =
          tls.stream()
              .anyMatch(
                  t ->
                      t.getSecretName() != null
                          && t.getHosts() != null
                          && t.getHosts().contains(rule.getHost()));
      if (rule.getHost() == null || !covered) {
        out.add(id + ": host " + rule.getHost() + " is not served over TLS");
      }
    }
  }

  static boolean isDefaultDeny(NetworkPolicy policy) {
    var spec = policy.getSpec();
    LabelSelector selector = spec.getPodSelector();
    boolean everyPod =
        selector != null
            && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
            && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    return everyPod
        && spec.getPolicyTypes() != null
        && spec.getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
        && (spec.getIngress() == null || spec.getIngress().isEmpty())
        && (spec.getEgress() == null || spec.getEgress().isEmpty());
  }

  /** A label selector in the NetworkPolicy / PDB sense; a null selector selects nothing. */
  static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> actual = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null
        && !actual.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
      return false;
    }
    return Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of()).stream()
        .allMatch(
            e -> {
              String value = actual.get(e.getKey());
              List<String> values = Optional.ofNullable(e.getValues()).orElse(List.of());
              return switch (e.getOperator()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> actual.containsKey(e.getKey());
                case "DoesNotExist" -> !actual.containsKey(e.getKey());
                default -> false;
              };
            });
  }

  /** A Service selector (plain map): every entry must be on the pod; empty selects nothing. */
  private static boolean selectsAll(Map<String, String> selector, Map<String, String> labels) {
    return selector != null
        && !selector.isEmpty()
        && labels != null
        && labels.entrySet().containsAll(selector.entrySet());
  }

  static String tag(String image) {
    String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int slash = withoutDigest.lastIndexOf('/');
    int colon = withoutDigest.lastIndexOf(':');
    return colon > slash ? withoutDigest.substring(colon + 1) : "";
  }

  static String id(HasMetadata object) {
    return object.getKind() + "/" + object.getMetadata().getName();
  }

  private static List<Container> concat(List<Container> first, List<Container> second) {
    return Stream.concat(
            Optional.ofNullable(first).orElse(List.of()).stream(),
            Optional.ofNullable(second).orElse(List.of()).stream())
        .toList();
  }
}
