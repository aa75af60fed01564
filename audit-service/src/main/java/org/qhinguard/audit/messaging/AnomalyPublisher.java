package org.qhinguard.audit.messaging;

import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.qhinguard.audit.store.AnomalyEntity;
import org.qhinguard.common.events.AnomalyData;
import org.qhinguard.common.events.Bus;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;
import org.qhinguard.common.events.EventType;

/**
 * Publishes {@code org.qhinguard.anomaly.raised.v1}. The CloudEvent id is the anomaly id, so a
 * republished anomaly is one event to every idempotent consumer.
 */
@ApplicationScoped
public class AnomalyPublisher {
  public static final String SOURCE = "audit-service";

  private final Emitter<byte[]> emitter;
  private final EventCodec codec;

  public AnomalyPublisher(@Channel("anomalies-out") Emitter<byte[]> emitter, EventCodec codec) {
    this.emitter = emitter;
    this.codec = codec;
  }

  /** Completes when the broker confirmed the event. */
  public CompletionStage<Void> publish(AnomalyEntity a) {
    AnomalyData data =
        new AnomalyData(
            a.id.toString(),
            a.participantId,
            a.clientId,
            a.resourceType,
            a.metric,
            a.baseline,
            a.observed,
            a.score,
            a.windowStart,
            a.windowEnd,
            a.explanation);
    CloudEvent<AnomalyData> event =
        new CloudEvent<>(
            a.id.toString(), SOURCE, EventType.ANOMALY_RAISED, a.participantId, a.raisedAt, data);
    OutgoingRabbitMQMetadata meta =
        new OutgoingRabbitMQMetadata.Builder()
            .withRoutingKey(Bus.routingKey(EventType.ANOMALY_RAISED))
            .withContentType(Bus.CONTENT_TYPE)
            .withMessageId(event.id())
            .withDeliveryMode(2)
            .build();
    Confirmed out = Confirmed.of(codec.encode(event), Metadata.of(meta));
    emitter.send(out.message());
    return out.confirmed();
  }
}
