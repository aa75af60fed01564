package org.qhinguard.policy.messaging;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jboss.logging.Logger;
import org.qhinguard.policy.config.PolicyConfig;
import org.qhinguard.policy.store.OutboxEvent;

/**
 * Relays the outbox to the bus in commit order. A row is deleted only after the broker took it; on
 * a failure the row stays (with the error) and the run stops, so order is kept and the next run
 * retries. Delivery is at least once: consumers drop repeats by CloudEvents {@code id}.
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  @Inject EntityManager em;
  @Inject BusPublisher publisher;
  @Inject PolicyConfig config;

  @Scheduled(
      every = "${qg.outbox.relay-every}",
      delayed = "${qg.outbox.relay-delay}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void scheduled() {
    relayOnce();
  }

  /** Sends what is pending; returns how many events went out. */
  @Transactional
  public int relayOnce() {
    // SKIP LOCKED: several replicas may relay at once without sending a row twice.
    @SuppressWarnings("unchecked")
    List<OutboxEvent> batch =
        em.createNativeQuery(
                "SELECT * FROM outbox_event ORDER BY position LIMIT :n FOR UPDATE SKIP LOCKED",
                OutboxEvent.class)
            .setParameter("n", config.outbox().batchSize())
            .getResultList();
    int sent = 0;
    for (OutboxEvent row : batch) {
      try {
        publisher.publish(
            row.eventId.toString(), row.eventType, row.payload.getBytes(StandardCharsets.UTF_8));
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        row.attempts++;
        String message = String.valueOf(e.getMessage());
        row.lastError = message.length() > 1000 ? message.substring(0, 1000) : message;
        LOG.warnf(
            "outbox event %s not relayed (attempt %d): %s", row.eventId, row.attempts, message);
        break;
      }
      row.delete();
      sent++;
    }
    return sent;
  }
}
