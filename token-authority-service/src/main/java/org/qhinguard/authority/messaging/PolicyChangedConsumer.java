package org.qhinguard.authority.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.qhinguard.authority.policy.CachedPolicyDirectory;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;
import org.qhinguard.common.events.EventRejectedException;
import org.qhinguard.common.events.PolicyChangedData;

/**
 * {@code org.qhinguard.policy.changed.v1}: drops cached snapshots older than the event's version.
 * Anything else on the queue is rejected with its reason (dead-lettered).
 */
@ApplicationScoped
public class PolicyChangedConsumer {

  private static final Logger LOG = Logger.getLogger(PolicyChangedConsumer.class);

  private final CachedPolicyDirectory directory;
  private final EventCodec codec = new EventCodec();

  public PolicyChangedConsumer(CachedPolicyDirectory directory) {
    this.directory = directory;
  }

  @Incoming("policy-changed")
  public CompletionStage<Void> onMessage(Message<byte[]> message) {
    try {
      CloudEvent<?> event = codec.decode(message.getPayload());
      if (!(event.data() instanceof PolicyChangedData changed)) {
        throw new EventRejectedException(
            EventRejectedException.Reason.UNKNOWN_TYPE, event.eventType().type());
      }
      directory.changed(changed.participantId(), changed.version());
      return message.ack();
    } catch (EventRejectedException e) {
      LOG.warnf("policy-changed message rejected: %s", e.getMessage());
      return message.nack(e);
    }
  }
}
