package org.qhinguard.authority.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.qhinguard.authority.domain.Introspection;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.PolicyChangedData;
import org.qhinguard.common.policy.ParticipantSnapshot;

/** Shared records that Jackson reads and writes reflectively, registered for native images. */
@RegisterForReflection(
    targets = {
      ParticipantSnapshot.class,
      ParticipantSnapshot.TokenIssuer.class,
      ParticipantSnapshot.RegisteredClient.class,
      ParticipantSnapshot.TrustPolicy.class,
      ParticipantSnapshot.RateLimit.class,
      AuditEventData.class,
      Introspection.Active.class,
      PolicyChangedData.class
    })
public final class NativeReflection {
  private NativeReflection() {}
}
