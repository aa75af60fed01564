package org.qhinguard.deploy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Evaluates NetworkPolicies the way the Kubernetes network model defines them: a pod selected by
 * any policy of a type is isolated for that direction, and a connection is allowed only when the
 * source's egress and the destination's ingress both allow it (the union of all their rules).
 */
final class NetworkFlows {

  /** Something that can send or receive: a pod (namespace and labels) or an address outside. */
  record Endpoint(
      String name,
      String namespace,
      Map<String, String> namespaceLabels,
      Map<String, String> podLabels,
      String ip,
      Map<String, Integer> namedPorts,
      Set<Port> ports) {

    static Endpoint pod(
        String name,
        String namespace,
        Map<String, String> namespaceLabels,
        Map<String, String> podLabels,
        Map<String, Integer> namedPorts,
        Set<Port> ports) {
      return new Endpoint(name, namespace, namespaceLabels, podLabels, null, namedPorts, ports);
    }

    static Endpoint address(String name, String ip, Set<Port> ports) {
      return new Endpoint(name, null, Map.of(), Map.of(), ip, Map.of(), ports);
    }

    boolean isPod() {
      return ip == null;
    }
  }

  record Port(String protocol, int number) {
    static Port tcp(int number) {
      return new Port("TCP", number);
    }

    static Port udp(int number) {
      return new Port("UDP", number);
    }

    @Override
    public String toString() {
      return "TCP".equals(protocol) ? String.valueOf(number) : number + "/" + protocol;
    }
  }

  private final List<NetworkPolicy> policies;

  /** The policies of the namespace under test; other namespaces are taken to have none. */
  NetworkFlows(List<NetworkPolicy> policies) {
    this.policies = policies;
  }

  /** Every allowed "source -> destination:port" among the endpoints, sorted. */
  Set<String> allowed(List<Endpoint> endpoints) {
    Set<String> flows = new TreeSet<>();
    for (Endpoint from : endpoints) {
      for (Endpoint to : endpoints) {
        if (from == to) {
          continue;
        }
        for (Port port : to.ports()) {
          if (allows(from, to, port)) {
            flows.add(from.name() + " -> " + to.name() + ":" + port);
          }
        }
      }
    }
    return flows;
  }

  boolean allows(Endpoint from, Endpoint to, Port port) {
    return allowedAt(from, "Egress", to, to, port) && allowedAt(to, "Ingress", from, to, port);
  }

  /**
   * Whether the policies selecting {@code subject} let it talk to {@code peer} in one direction;
   * ports are always those of the destination (named ports resolve there).
   */
  private boolean allowedAt(
      Endpoint subject, String type, Endpoint peer, Endpoint destination, Port port) {
    if (!subject.isPod()) {
      return true;
    }
    List<NetworkPolicy> selecting = selecting(subject, type);
    if (selecting.isEmpty()) {
      return true;
    }
    return selecting.stream()
        .flatMap(policy -> rules(policy, type))
        .anyMatch(
            rule ->
                peersMatch(rule.peers(), peer, subject.namespace())
                    && portsMatch(rule.ports(), destination, port));
  }

  private record Rule(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {}

  private static Stream<Rule> rules(NetworkPolicy policy, String type) {
    var spec = policy.getSpec();
    return "Egress".equals(type)
        ? Optional.ofNullable(spec.getEgress()).orElse(List.of()).stream()
            .map(r -> new Rule(r.getTo(), r.getPorts()))
        : Optional.ofNullable(spec.getIngress()).orElse(List.of()).stream()
            .map(r -> new Rule(r.getFrom(), r.getPorts()));
  }

  /** Policies live in one namespace and select only pods of that namespace. */
  private List<NetworkPolicy> selecting(Endpoint pod, String type) {
    return policies.stream()
        .filter(p -> Objects.equals(p.getMetadata().getNamespace(), pod.namespace()))
        .filter(p -> policyTypes(p).contains(type))
        .filter(p -> ManifestRules.selects(p.getSpec().getPodSelector(), pod.podLabels()))
        .toList();
  }

  /** Types default to Ingress, plus Egress when the policy has egress rules. */
  private static List<String> policyTypes(NetworkPolicy policy) {
    List<String> types = policy.getSpec().getPolicyTypes();
    if (types != null && !types.isEmpty()) {
      return types;
    }
    return policy.getSpec().getEgress() != null && !policy.getSpec().getEgress().isEmpty()
        ? List.of("Ingress", "Egress")
        : List.of("Ingress");
  }

  private static boolean peersMatch(
      List<NetworkPolicyPeer> peers, Endpoint other, String policyNamespace) {
    if (peers == null || peers.isEmpty()) {
      return true;
    }
    return peers.stream().anyMatch(peer -> peerMatches(peer, other, policyNamespace));
  }

  private static boolean peerMatches(NetworkPolicyPeer peer, Endpoint other, String namespace) {
    if (peer.getIpBlock() != null) {
      return !other.isPod() && inBlock(other.ip(), peer.getIpBlock());
    }
    if (!other.isPod()) {
      return false;
    }
    LabelSelector namespaces = peer.getNamespaceSelector();
    LabelSelector pods = peer.getPodSelector();
    boolean namespaceOk =
        namespaces == null
            ? Objects.equals(other.namespace(), namespace)
            : ManifestRules.selects(namespaces, other.namespaceLabels());
    boolean podOk = pods == null || ManifestRules.selects(pods, other.podLabels());
    return namespaceOk && podOk;
  }

  private static boolean portsMatch(List<NetworkPolicyPort> ports, Endpoint to, Port port) {
    if (ports == null || ports.isEmpty()) {
      return true;
    }
    return ports.stream()
        .anyMatch(
            p -> {
              String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
              if (!protocol.equals(port.protocol())) {
                return false;
              }
              IntOrString number = p.getPort();
              if (number == null) {
                return true;
              }
              Integer resolved =
                  number.getIntVal() != null
                      ? number.getIntVal()
                      : to.namedPorts().get(number.getStrVal());
              if (resolved == null) {
                return false;
              }
              int end = p.getEndPort() == null ? resolved : p.getEndPort();
              return port.number() >= resolved && port.number() <= end;
            });
  }

  private static boolean inBlock(String ip, IPBlock block) {
    if (!inCidr(ip, block.getCidr())) {
      return false;
    }
    return Optional.ofNullable(block.getExcept()).orElse(List.of()).stream()
        .noneMatch(except -> inCidr(ip, except));
  }

  static boolean inCidr(String ip, String cidr) {
    try {
      String[] parts = cidr.split("/");
      byte[] network = InetAddress.getByName(parts[0]).getAddress();
      byte[] address = InetAddress.getByName(ip).getAddress();
      if (network.length != address.length) {
        return false;
      }
      int bits = Integer.parseInt(parts[1]);
      int total = network.length * 8;
      BigInteger mask =
          BigInteger.ONE
              .shiftLeft(total)
              .subtract(BigInteger.ONE)
              .shiftRight(total - bits)
              .shiftLeft(total - bits);
      return new BigInteger(1, network).and(mask).equals(new BigInteger(1, address).and(mask));
    } catch (UnknownHostException | RuntimeException e) {
      throw new IllegalArgumentException("not an address or CIDR: " + ip + " / " + cidr, e);
    }
  }
}
