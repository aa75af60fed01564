package org.qhinguard.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One rendered overlay: the typed objects in the order kustomize wrote them. */
record Manifests(List<HasMetadata> objects) {

  static Manifests render(String overlay) {
    return new Manifests(StrictManifests.parse(Kustomize.render(Kustomize.overlay(overlay))));
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
    return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
  }

  List<Deployment> deployments() {
    return all(Deployment.class);
  }

  /** The namespace the overlay deploys into (every namespaced object must agree). */
  String namespace() {
    return all(Namespace.class).stream()
        .map(n -> n.getMetadata().getName())
        .findFirst()
        .orElse("default");
  }

  Map<String, String> namespaceLabels() {
    return all(Namespace.class).stream()
        .map(n -> n.getMetadata().getLabels())
        .filter(labels -> labels != null)
        .findFirst()
        .orElse(Map.of());
  }
}
