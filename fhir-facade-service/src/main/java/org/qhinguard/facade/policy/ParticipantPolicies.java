package org.qhinguard.facade.policy;

import io.smallrye.mutiny.Uni;
import org.qhinguard.common.policy.ParticipantSnapshot;

/** policy-service as the facade needs it (docs/adr/0002, section Policy snapshots). */
public interface ParticipantPolicies {

  /** The participant's snapshot; fails with FacadeException when unknown or unreachable. */
  Uni<ParticipantSnapshot> snapshot(String participantId);

  /** A {@code org.qhinguard.policy.changed.v1} named this participant at this version. */
  void changed(String participantId, long version);
}
