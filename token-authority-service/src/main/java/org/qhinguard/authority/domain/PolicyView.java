package org.qhinguard.authority.domain;

import java.util.Optional;
import org.qhinguard.common.policy.ParticipantSnapshot;

/**
 * What the authority needs from policy-service (ADR 0002). Lookups are by exact string; each throws
 * {@link PolicyUnavailableException} rather than answer from a snapshot past its bound.
 */
public interface PolicyView {

  Optional<ParticipantSnapshot> byIssuer(String issuer);

  Optional<ParticipantSnapshot> byClient(String clientId);

  Optional<ParticipantSnapshot> byAudience(String audience);

  Optional<ParticipantSnapshot> byParticipant(String participantId);

  /** policy-service's scope decision ({@code POST /v1/decisions}). */
  Decision decide(DecisionRequest request);
}
