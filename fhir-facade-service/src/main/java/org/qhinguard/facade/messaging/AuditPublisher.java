package org.qhinguard.facade.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.Bus;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;
import org.qhinguard.common.events.EventType;

/**
 * Publishes {@code org.qhinguard.audit.recorded.v1} on the suite's exchange (routing key = type)
 * through an {@link AuditBuffer}; a message counts as sent when the broker confirms it.
 */
@ApplicationScoped
public class AuditPublisher {

  public static final String SOURCE = "fhir-facade-service";

  private final EventCodec codec = new EventCodec();
  private final MutinyEmitter<byte[]> emitter;
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "audit-retry");
            t.setDaemon(true);
            return t;
          });
  // Encoding and handing an event to the RabbitMQ connector (which reads its channel configuration
  // per message) cost more than the rest of a cached read; one thread does it, in order, so the
  // request's event loop only queues the event.
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "audit-send");
            t.setDaemon(true);
            return t;
          });
  private final AuditBuffer<CloudEvent<AuditEventData>> buffer;

  public AuditPublisher(
      @Channel("audit-out") @OnOverflow(value = OnOverflow.Strategy.UNBOUNDED_BUFFER)
          MutinyEmitter<byte[]> emitter,
      org.qhinguard.facade.config.FacadeConfig config,
      MeterRegistry metrics) {
    this.emitter = emitter;
    var audit = config.audit();
    this.buffer =
        new AuditBuffer<>(
            audit.bufferSize(),
            audit.maxInFlight(),
            audit.retryInitial(),
            audit.retryMax(),
            this::sendOffLoop,
            retries);
    Gauge.builder("qg.facade.audit.pending", buffer, AuditBuffer::pending).register(metrics);
    Gauge.builder("qg.facade.audit.dropped", buffer, b -> (double) b.dropped()).register(metrics);
  }

  public void record(AuditEventData data) {
    buffer.offer(CloudEvent.of(SOURCE, EventType.AUDIT_RECORDED, data.resourceType(), data));
  }

  private CompletableFuture<Void> sendOffLoop(CloudEvent<AuditEventData> event) {
    return CompletableFuture.supplyAsync(() -> send(event), sender).thenCompose(f -> f);
  }

  private CompletableFuture<Void> send(CloudEvent<AuditEventData> event) {
    OutgoingRabbitMQMetadata meta =
        OutgoingRabbitMQMetadata.builder()
            .withRoutingKey(Bus.routingKey(EventType.AUDIT_RECORDED))
            .withContentType(Bus.CONTENT_TYPE)
            .withMessageId(event.id())
            .withDeliveryMode(2)
            .build();
    CompletableFuture<Void> done = new CompletableFuture<>();
    Message<byte[]> msg =
        Message.of(codec.encode(event))
            .addMetadata(meta)
            .withAck(
                () -> {
                  done.complete(null);
                  return CompletableFuture.completedFuture(null);
                })
            .withNack(
                e -> {
                  done.completeExceptionally(e);
                  return CompletableFuture.completedFuture(null);
                });
    emitter.sendMessageAndForget(msg);
    // A confirm that never comes counts as a failure; a resend may duplicate, consumers
    // de-duplicate by CloudEvents id.
    return done.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  public AuditBuffer<?> buffer() {
    return buffer;
  }

  @PreDestroy
  void stop() {
    retries.shutdownNow();
    sender.shutdownNow();
  }
}
