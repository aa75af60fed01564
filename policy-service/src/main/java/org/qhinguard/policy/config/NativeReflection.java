package org.qhinguard.policy.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.PolicyChangedData;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.policy.domain.ChangeDiff;
import org.qhinguard.policy.domain.Decision;
import org.qhinguard.policy.domain.HistoryEntry;
import org.qhinguard.policy.domain.PageOf;
import org.qhinguard.policy.domain.PolicyException;

/** Records serialized with our own ObjectMappers (storage, events), for native images. */
@RegisterForReflection(
    targets = {
      ParticipantSnapshot.class,
      ParticipantSnapshot.TokenIssuer.class,
      ParticipantSnapshot.RegisteredClient.class,
      ParticipantSnapshot.TrustPolicy.class,
      ParticipantSnapshot.RateLimit.class,
      PolicyChangedData.class,
      AuditEventData.class,
      ChangeDiff.Change.class,
      Decision.class,
      Decision.DeniedScope.class,
      HistoryEntry.class,
      PageOf.class,
      PolicyException.FieldError.class
    })
final class NativeReflection {
  private NativeReflection() {}
}
