package org.qhinguard.policy.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.policy.domain.CompiledPolicy;
import org.qhinguard.policy.domain.Decision;
import org.qhinguard.policy.domain.DecisionPoint;
import org.qhinguard.policy.domain.DecisionRequest;
import org.qhinguard.policy.domain.PolicyException;
import org.qhinguard.policy.store.ParticipantStore;

/**
 * Answers decision requests from the current committed version of the participant. Compiled
 * policies are reused while their version is current; the version is read on every request.
 */
@ApplicationScoped
public class Decisions {

  @Inject ParticipantStore store;

  private final Map<String, CompiledPolicy> compiled = new ConcurrentHashMap<>();

  public Decision decide(DecisionRequest request) {
    if (blank(request.participantId()) && blank(request.issuer())) {
      throw PolicyException.invalid("participantId", "participantId or issuer is required");
    }
    Optional<ParticipantSnapshot> snapshot =
        blank(request.participantId())
            ? store.byIssuer(request.issuer())
            : store.snapshot(request.participantId());
    if (snapshot.isEmpty()) {
      return Decision.deny(
          request.participantId(),
          Decision.NO_POLICY,
          blank(request.participantId())
              ? "no participant operates issuer " + request.issuer()
              : "unknown participant " + request.participantId());
    }
    return DecisionPoint.decide(compiledFor(snapshot.get()), request);
  }

  private CompiledPolicy compiledFor(ParticipantSnapshot s) {
    return compiled.compute(
        s.participantId(),
        (id, c) -> c != null && c.version() == s.version() ? c : CompiledPolicy.of(s));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
