package org.qhinguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qhinguard.deploy.NetworkFlows.Endpoint;
import org.qhinguard.deploy.NetworkFlows.Port;

/** The evaluator follows the Kubernetes NetworkPolicy semantics the overlay tests rely on. */
class NetworkFlowsTest {

  private static final Map<String, String> NS = Map.of("kubernetes.io/metadata.name", "ns");

  private static final Endpoint API =
      Endpoint.pod(
          "api", "ns", NS, Map.of("app", "api"), Map.of("http", 8080), Set.of(Port.tcp(8080)));
  private static final Endpoint CLIENT =
      Endpoint.pod("client", "ns", NS, Map.of("app", "client"), Map.of(), Set.of());
  private static final Endpoint ELSEWHERE =
      Endpoint.pod(
          "elsewhere",
          "other",
          Map.of("kubernetes.io/metadata.name", "other", "team", "admin"),
          Map.of("app", "client"),
          Map.of(),
          Set.of());

  private static List<NetworkPolicy> policies(String yaml) {
    return StrictManifests.parse(yaml).stream().map(NetworkPolicy.class::cast).toList();
  }

  private static final String DENY_ALL =
      """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: deny, namespace: ns}
      spec:
        podSelector: {}
        policyTypes: [Ingress, Egress]
      """;

  private static final String CLIENT_EGRESS_TO_API =
      """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: client-out, namespace: ns}
      spec:
        podSelector: {matchLabels: {app: client}}
        policyTypes: [Egress]
        egress:
          - to: [{podSelector: {matchLabels: {app: api}}}]
            ports: [{protocol: TCP, port: 8080}]
      """;

  private static final String API_INGRESS_FROM_CLIENT_BY_NAMED_PORT =
      """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: api-in, namespace: ns}
      spec:
        podSelector: {matchLabels: {app: api}}
        policyTypes: [Ingress]
        ingress:
          - from: [{podSelector: {matchLabels: {app: client}}}]
            ports: [{protocol: TCP, port: http}]
      """;

  @Test
  void podsNoPolicySelectsAreOpen() {
    assertThat(new NetworkFlows(List.of()).allows(CLIENT, API, Port.tcp(8080))).isTrue();
  }

  @Test
  void defaultDenyBlocksEverything() {
    assertThat(new NetworkFlows(policies(DENY_ALL)).allowed(List.of(API, CLIENT, ELSEWHERE)))
        .isEmpty();
  }

  @Test
  void egressAloneIsNotEnoughWhenTheDestinationIsolatesIngress() {
    NetworkFlows flows = new NetworkFlows(policies(DENY_ALL + "---\n" + CLIENT_EGRESS_TO_API));

    assertThat(flows.allows(CLIENT, API, Port.tcp(8080))).isFalse();
  }

  @Test
  void aFlowNeedsEgressAtTheSourceAndIngressAtTheDestination() {
    NetworkFlows flows =
        new NetworkFlows(
            policies(
                DENY_ALL
                    + "---\n"
                    + CLIENT_EGRESS_TO_API
                    + "---\n"
                    + API_INGRESS_FROM_CLIENT_BY_NAMED_PORT));

    assertThat(flows.allowed(List.of(API, CLIENT, ELSEWHERE)))
        .containsExactly("client -> api:8080");
  }

  @Test
  void aPodSelectorWithoutNamespaceSelectorMeansThePolicysOwnNamespace() {
    NetworkFlows flows =
        new NetworkFlows(policies(DENY_ALL + "---\n" + API_INGRESS_FROM_CLIENT_BY_NAMED_PORT));

    // Same labels as the client, but in another namespace.
    assertThat(flows.allows(ELSEWHERE, API, Port.tcp(8080))).isFalse();
  }

  @Test
  void aNamespaceSelectorAdmitsPodsOfMatchingNamespaces() {
    String fromAdmins =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: api-admins, namespace: ns}
        spec:
          podSelector: {matchLabels: {app: api}}
          ingress:
            - from: [{namespaceSelector: {matchLabels: {team: admin}}}]
        """;
    NetworkFlows flows = new NetworkFlows(policies(DENY_ALL + "---\n" + fromAdmins));

    assertThat(flows.allows(ELSEWHERE, API, Port.tcp(8080))).isTrue();
    assertThat(flows.allows(CLIENT, API, Port.tcp(8080))).isFalse();
  }

  @Test
  void aPortRuleDoesNotAdmitOtherPortsOrProtocols() {
    NetworkFlows flows =
        new NetworkFlows(policies(DENY_ALL + "---\n" + API_INGRESS_FROM_CLIENT_BY_NAMED_PORT));
    Endpoint client = Endpoint.pod("c", "other", Map.of(), Map.of(), Map.of(), Set.of());

    assertThat(flows.allows(CLIENT, API, Port.udp(8080))).isFalse();
    assertThat(flows.allows(client, API, Port.tcp(9090))).isFalse();
  }

  @Test
  void anIpBlockAdmitsItsRangeButNotItsExceptions() {
    String toDatabase =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: client-db, namespace: ns}
        spec:
          podSelector: {matchLabels: {app: client}}
          policyTypes: [Egress]
          egress:
            - to: [{ipBlock: {cidr: 10.40.0.0/16, except: [10.40.9.0/24]}}]
              ports: [{port: 5432}]
        """;
    NetworkFlows flows = new NetworkFlows(policies(DENY_ALL + "---\n" + toDatabase));

    assertThat(flows.allows(CLIENT, db("10.40.1.10"), Port.tcp(5432))).isTrue();
    assertThat(flows.allows(CLIENT, db("10.40.9.10"), Port.tcp(5432))).isFalse();
    assertThat(flows.allows(CLIENT, db("10.41.1.10"), Port.tcp(5432))).isFalse();
    // An ipBlock never stands for a pod.
    assertThat(flows.allows(CLIENT, API, Port.tcp(8080))).isFalse();
  }

  @Test
  void matchesAddressesAgainstCidrs() {
    assertThat(NetworkFlows.inCidr("10.40.1.10", "10.40.1.0/24")).isTrue();
    assertThat(NetworkFlows.inCidr("10.40.2.10", "10.40.1.0/24")).isFalse();
    assertThat(NetworkFlows.inCidr("203.0.113.9", "0.0.0.0/0")).isTrue();
    assertThat(NetworkFlows.inCidr("2001:db8::1", "10.0.0.0/8")).isFalse();
    assertThatThrownBy(() -> NetworkFlows.inCidr("10.0.0.1", "10.0.0.0"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Endpoint db(String ip) {
    return Endpoint.address("db", ip, Set.of(Port.tcp(5432)));
  }
}
