package org.qhinguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;
import org.qhinguard.deploy.StrictManifests.InvalidManifestException;

class StrictManifestsTest {

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: policy-service
      spec:
        replicas: 2
        selector:
          matchLabels:
            app.kubernetes.io/name: policy-service
        template:
          metadata:
            labels:
              app.kubernetes.io/name: policy-service
          spec:
            containers:
              - name: policy-service
                image: qhin-guard/policy-service:0.1.0
                securityContext:
                  readOnlyRootFilesystem: true
                resources:
                  limits:
                    memory: 768Mi
      """;

  @Test
  void readsAWellFormedDeploymentIntoItsApiType() {
    assertThat(StrictManifests.parse(DEPLOYMENT))
        .singleElement()
        .isInstanceOfSatisfying(
            Deployment.class,
            d -> {
              assertThat(d.getSpec().getReplicas()).isEqualTo(2);
              assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                  .isEqualTo("qhin-guard/policy-service:0.1.0");
            });
  }

  @Test
  void readsEveryDocumentOfAStreamAndSkipsEmptyOnes() {
    String networkPolicy =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: default-deny-all
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
        """;

    assertThat(StrictManifests.parse(DEPLOYMENT + "---\n---\n" + networkPolicy))
        .hasSize(2)
        .last()
        .isInstanceOf(NetworkPolicy.class);
  }

  @Test
  void rejectsAnUnknownFieldInTheSpec() {
    assertThatThrownBy(
            () -> StrictManifests.parse(DEPLOYMENT.replace("  replicas: 2", "  replicaz: 2")))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("Deployment policy-service")
        .hasMessageContaining("replicaz");
  }

  @Test
  void rejectsAMisspelledSecurityFieldDeepInAContainer() {
    // A typo here would silently leave the root file system writable.
    String typo = DEPLOYMENT.replace("readOnlyRootFilesystem", "readOnlyRootFileSystem");

    assertThatThrownBy(() -> StrictManifests.parse(typo))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("readOnlyRootFileSystem");
  }

  @Test
  void rejectsAnUnknownFieldInANetworkPolicyRule() {
    String policy =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: allow-dns-egress
        spec:
          podSelector: {}
          egress:
            - to:
                - podSelector: {}
              port: 53
        """;

    assertThatThrownBy(() -> StrictManifests.parse(policy))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("port");
  }

  @Test
  void rejectsAScalarOfTheWrongType() {
    assertThatThrownBy(
            () -> StrictManifests.parse(DEPLOYMENT.replace("replicas: 2", "replicas: \"2\"")))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("replicas");
  }

  @Test
  void rejectsAnApiVersionTheClusterNoLongerServes() {
    String old =
        """
        apiVersion: autoscaling/v2beta2
        kind: HorizontalPodAutoscaler
        metadata:
          name: policy-service
        """;

    assertThatThrownBy(() -> StrictManifests.parse(old))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("not a kind the suite deploys");
  }

  @Test
  void rejectsADocumentWithoutKind() {
    assertThatThrownBy(() -> StrictManifests.parse("metadata:\n  name: orphan\n"))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("orphan");
  }

  @Test
  void rejectsTextThatIsNotYaml() {
    assertThatThrownBy(() -> StrictManifests.parse("kind: [unclosed\n"))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("not a YAML stream");
  }
}
