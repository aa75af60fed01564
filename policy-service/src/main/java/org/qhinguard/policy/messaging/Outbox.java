package org.qhinguard.policy.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;

/**
 * Writes events into the outbox table in the caller's transaction, so an event exists exactly when
 * the change it reports was committed; {@link OutboxRelay} sends them.
 */
@ApplicationScoped
public class Outbox {

  private final EventCodec codec = new EventCodec();

  @Transactional(Transactional.TxType.MANDATORY)
  public void add(CloudEvent<?> event) {
    org.qhinguard.policy.store.OutboxEvent row = new org.qhinguard.policy.store.OutboxEvent();
    row.eventId = UUID.fromString(event.id());
    row.eventType = event.eventType().type();
    row.payload = codec.encodeToString(event);
    row.createdAt = Instant.now();
    row.persist();
  }
}
