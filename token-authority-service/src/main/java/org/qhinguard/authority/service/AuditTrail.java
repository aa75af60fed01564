package org.qhinguard.authority.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.qhinguard.authority.config.AuthorityConfig;
import org.qhinguard.authority.store.AuditBuffer;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;
import org.qhinguard.common.events.EventType;
import org.qhinguard.common.events.Outcome;

/**
 * Records audit events, and announces the authority's other bus events, without delaying the
 * answer: the encoded event is appended to the Redis buffer asynchronously and the relay publishes
 * it with its type as routing key.
 */
@ApplicationScoped
public class AuditTrail {

  public static final String SERVICE = "token-authority-service";
  public static final String SOURCE = "/qhin-guard/token-authority-service";

  private static final Logger LOG = Logger.getLogger(AuditTrail.class);

  private final AuditBuffer buffer;
  private final EventCodec codec = new EventCodec();
  private final int bufferMax;
  private final Counter dropped;

  public AuditTrail(AuditBuffer buffer, AuthorityConfig config, MeterRegistry metrics) {
    this.buffer = buffer;
    this.bufferMax = config.audit().bufferMax();
    this.dropped =
        Counter.builder("qg.authority.audit.dropped")
            .description("audit events refused because the local buffer was full")
            .register(metrics);
  }

  public static AuditEventData.Builder event(AuditAction action, Outcome outcome) {
    return AuditEventData.builder(SERVICE, action, outcome);
  }

  public void record(AuditEventData data) {
    announce(CloudEvent.of(SOURCE, EventType.AUDIT_RECORDED, data.participantId(), data));
  }

  /** Buffers any event of the authority for the relay. */
  public void announce(CloudEvent<?> event) {
    String json = codec.encodeToString(event);
    buffer
        .append(json)
        .subscribe()
        .with(
            length -> {
              if (length > bufferMax) {
                dropped.increment();
                LOG.errorf(
                    "audit buffer over %d events; event %s refused",
                    bufferMax, event.eventType().type());
                buffer.dropNewest().subscribe().with(x -> {}, e -> {});
              }
            },
            failure ->
                LOG.errorf(
                    "event %s (%s) not buffered: %s",
                    event.eventType().type(), event.id(), failure.getMessage()));
  }
}
