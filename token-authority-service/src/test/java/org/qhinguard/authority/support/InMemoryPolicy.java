package org.qhinguard.authority.support;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.qhinguard.authority.domain.Decision;
import org.qhinguard.authority.domain.DecisionRequest;
import org.qhinguard.authority.domain.PolicyView;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.common.smart.ClinicalScope;
import org.qhinguard.common.smart.ScopeNarrowing;

/** policy-service's answers from a map of snapshots; narrowing by the shared scope algebra. */
public final class InMemoryPolicy implements PolicyView {

  private final Map<String, ParticipantSnapshot> participants = new ConcurrentHashMap<>();

  public void put(ParticipantSnapshot p) {
    participants.put(p.participantId(), p);
  }

  public void reset(List<ParticipantSnapshot> all) {
    participants.clear();
    all.forEach(this::put);
  }

  public Optional<ParticipantSnapshot> get(String participantId) {
    return Optional.ofNullable(participants.get(participantId));
  }

  @Override
  public Optional<ParticipantSnapshot> byIssuer(String issuer) {
    return participants.values().stream()
        .filter(p -> p.issuers().stream().anyMatch(i -> i.issuer().equals(issuer)))
        .findFirst();
  }

  @Override
  public Optional<ParticipantSnapshot> byClient(String clientId) {
    return participants.values().stream()
        .filter(p -> p.clients().stream().anyMatch(c -> c.clientId().equals(clientId)))
        .findFirst();
  }

  @Override
  public Optional<ParticipantSnapshot> byAudience(String audience) {
    return participants.values().stream().filter(p -> p.audiences().contains(audience)).findFirst();
  }

  @Override
  public Optional<ParticipantSnapshot> byParticipant(String participantId) {
    return get(participantId);
  }

  @Override
  public Decision decide(DecisionRequest request) {
    ParticipantSnapshot p = participants.get(request.participantId());
    if (p == null || !p.active()) {
      return new Decision(
          "DENY",
          "",
          List.of(),
          List.of("unknown or inactive participant"),
          0,
          request.participantId());
    }
    ScopeNarrowing.Result r =
        ScopeNarrowing.narrow(
            request.requestedScopes(),
            p.policy().scopeCeiling().stream().map(ClinicalScope::parse).toList(),
            Set.of());
    List<Decision.DeniedScope> denied =
        r.denied().stream().map(d -> new Decision.DeniedScope(d.scope(), d.reason())).toList();
    String granted = r.grantedScopeString();
    return new Decision(
        granted.isBlank() ? "DENY" : "PERMIT",
        granted,
        denied,
        List.of(),
        p.version(),
        Objects.requireNonNull(p.participantId()));
  }
}
