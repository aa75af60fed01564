package org.qhinguard.facade.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;
import org.qhinguard.common.events.EventRejectedException;
import org.qhinguard.common.events.PolicyChangedData;
import org.qhinguard.common.events.TokenRevokedData;
import org.qhinguard.facade.authority.GrantCache;
import org.qhinguard.facade.authority.Introspector;
import org.qhinguard.facade.policy.ParticipantPolicies;

/**
 * Drops cached snapshots and introspections when the bus says they are stale: {@code
 * org.qhinguard.policy.changed.v1} (the participant's snapshot and tokens) and {@code
 * org.qhinguard.token.revoked.v1} (the token by jti). Each replica has its own queue; anything else
 * that arrives on it, or cannot be decoded, is dead-lettered.
 */
@ApplicationScoped
public class CacheInvalidation {
  private static final Logger LOG = Logger.getLogger(CacheInvalidation.class);

  private final EventCodec codec = new EventCodec();
  private final ParticipantPolicies policies;
  private final GrantCache grants;

  public CacheInvalidation(ParticipantPolicies policies, Introspector introspector) {
    this.policies = policies;
    this.grants = introspector.cache();
  }

  @Incoming("bus-in")
  @Blocking(ordered = false)
  public CompletionStage<Void> on(Message<byte[]> message) {
    try {
      if (!apply(codec.decode(message.getPayload()))) {
        return message.nack(new IllegalArgumentException("not an event for this cache"));
      }
      return message.ack();
    } catch (EventRejectedException e) {
      LOG.warnf("dead-lettering an event: %s", e.getMessage());
      return message.nack(e);
    }
  }

  /** Applies an invalidation; false for an event of any other type. */
  boolean apply(CloudEvent<?> event) {
    if (event.data() instanceof PolicyChangedData pc) {
      policies.changed(pc.participantId(), pc.version());
      grants.dropParticipant(pc.participantId());
      return true;
    }
    if (event.data() instanceof TokenRevokedData r) {
      grants.dropRevoked(r.clientId(), r.jti());
      return true;
    }
    return false;
  }
}
