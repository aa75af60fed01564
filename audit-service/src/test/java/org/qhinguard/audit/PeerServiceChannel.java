package org.qhinguard.audit;

import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.qhinguard.audit.messaging.Confirmed;
import org.qhinguard.common.events.Bus;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;

/**
 * Another service's outgoing channel, configured as the suite's producers configure theirs
 * (SmallRye RabbitMQ connector, the shared topic exchange, routing key = CloudEvents type, body =
 * {@link EventCodec}, {@code application/cloudevents+json}, publisher confirms).
 */
@ApplicationScoped
public class PeerServiceChannel {
  public static final String CHANNEL = "peer-service-events";

  private final Emitter<byte[]> emitter;
  private final EventCodec codec = new EventCodec();

  public PeerServiceChannel(@Channel(CHANNEL) Emitter<byte[]> emitter) {
    this.emitter = emitter;
  }

  public void send(CloudEvent<?> event) throws Exception {
    OutgoingRabbitMQMetadata meta =
        new OutgoingRabbitMQMetadata.Builder()
            .withRoutingKey(Bus.routingKey(event.eventType()))
            .withContentType(Bus.CONTENT_TYPE)
            .withDeliveryMode(2)
            .build();
    Confirmed out = Confirmed.of(codec.encode(event), Metadata.of(meta));
    emitter.send(out.message());
    out.confirmed().get(10, TimeUnit.SECONDS);
  }
}
