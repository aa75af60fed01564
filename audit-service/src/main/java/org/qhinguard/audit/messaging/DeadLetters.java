package org.qhinguard.audit.messaging;

import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Moves a message the trail cannot take to {@code <prefix>audit-service.dlq}, with why as headers.
 * The original is acknowledged only once the broker confirmed the dead letter.
 */
@ApplicationScoped
public class DeadLetters {
  public static final String REASON_HEADER = "x-qg-dead-letter-reason";
  public static final String DETAIL_HEADER = "x-qg-dead-letter-detail";
  public static final String ROUTING_KEY_HEADER = "x-qg-original-routing-key";
  private static final int MAX_DETAIL = 1000;
  private static final int CONFIRM_WAIT_SECONDS = 30;

  private final Emitter<byte[]> emitter;

  public DeadLetters(@Channel("audit-dead-letters") Emitter<byte[]> emitter) {
    this.emitter = emitter;
  }

  /**
   * Publishes the dead letter and waits for the broker's confirm (poison is rare; waiting keeps a
   * flood of it from outrunning the emitter's buffer). The original is left to the caller: to
   * acknowledge once this returns true, to reject (the broker then dead-letters it through the
   * queue's DLX, reason in {@code x-death}) otherwise.
   */
  public boolean send(Message<byte[]> original, String reason, String detail)
      throws InterruptedException {
    String d = detail == null ? "" : detail;
    OutgoingRabbitMQMetadata.Builder meta =
        new OutgoingRabbitMQMetadata.Builder()
            .withHeader(REASON_HEADER, reason)
            .withHeader(DETAIL_HEADER, d.length() > MAX_DETAIL ? d.substring(0, MAX_DETAIL) : d)
            .withDeliveryMode(2);
    original
        .getMetadata(IncomingRabbitMQMetadata.class)
        .ifPresent(
            in -> {
              meta.withHeader(ROUTING_KEY_HEADER, in.getRoutingKey());
              in.getMessageId().ifPresent(meta::withMessageId);
            });
    Confirmed out = Confirmed.of(original.getPayload(), Metadata.of(meta.build()));
    try {
      emitter.send(out.message());
      out.confirmed().get(CONFIRM_WAIT_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return false;
    }
  }
}
