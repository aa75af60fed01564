package org.qhinguard.policy.messaging;

import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.qhinguard.common.events.Bus;
import org.qhinguard.policy.config.PolicyConfig;

/** The outgoing {@code bus} channel: the topic exchange, routing key = CloudEvents type. */
@ApplicationScoped
public class RabbitBusPublisher implements BusPublisher {

  private static final int PERSISTENT = 2;

  @Inject
  @Channel("bus")
  Emitter<byte[]> emitter;

  @Inject PolicyConfig config;

  @Override
  public void publish(String eventId, String eventType, byte[] body) throws Exception {
    OutgoingRabbitMQMetadata metadata =
        OutgoingRabbitMQMetadata.builder()
            .withRoutingKey(eventType)
            .withContentType(Bus.CONTENT_TYPE)
            .withMessageId(eventId)
            .withType(eventType)
            .withDeliveryMode(PERSISTENT)
            .build();
    CompletableFuture<Void> confirmed = new CompletableFuture<>();
    emitter.send(
        Message.of(body, Metadata.of(metadata))
            .withAck(
                () -> {
                  confirmed.complete(null);
                  return CompletableFuture.completedFuture(null);
                })
            .withNack(
                failure -> {
                  confirmed.completeExceptionally(failure);
                  return CompletableFuture.completedFuture(null);
                }));
    confirmed.get(config.outbox().sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }
}
