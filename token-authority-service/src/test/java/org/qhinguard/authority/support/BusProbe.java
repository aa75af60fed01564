package org.qhinguard.authority.support;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.Bus;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;
import org.qhinguard.common.events.EventType;
import org.qhinguard.common.events.PolicyChangedData;

/** Listens on the run's exchange of the real broker and publishes to it, as other services do. */
public final class BusProbe implements AutoCloseable {

  private final Connection connection;
  private final Channel channel;
  private final String exchange;
  private final EventCodec codec = new EventCodec();
  private final Queue<CloudEvent<?>> received = new ConcurrentLinkedQueue<>();

  public BusProbe() throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(System.getenv().getOrDefault("QG_RABBITMQ_HOST", "127.0.0.1"));
    exchange = ConfigProvider.getConfig().getValue("qg.bus.exchange", String.class);
    connection = f.newConnection("authority-test-probe");
    channel = connection.createChannel();
    channel.exchangeDeclare(exchange, "topic", true);
    String queue = channel.queueDeclare().getQueue();
    channel.queueBind(queue, exchange, Bus.routingKey(EventType.AUDIT_RECORDED));
    channel.queueBind(queue, exchange, Bus.routingKey(EventType.TOKEN_REVOKED));
    channel.basicConsume(
        queue,
        true,
        (tag, delivery) -> {
          try {
            received.add(codec.decode(delivery.getBody()));
          } catch (Exception e) {
            // not an event: the assertion on what arrived will say so
          }
        },
        tag -> {});
  }

  public List<AuditEventData> audits() {
    return received.stream()
        .map(CloudEvent::data)
        .filter(AuditEventData.class::isInstance)
        .map(AuditEventData.class::cast)
        .toList();
  }

  /** Waits (at most 20 s) until an event of {@code type} whose data {@code matches} arrived. */
  public <T> void awaitEvent(EventType type, Class<T> data, Predicate<T> matches) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                received.stream()
                    .filter(e -> e.eventType() == type)
                    .map(CloudEvent::data)
                    .anyMatch(d -> matches.test(data.cast(d))));
  }

  /** Waits (at most 20 s) until an audit event that {@code matches} has arrived on the bus. */
  public void awaitAudit(Predicate<AuditEventData> matches) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> audits().stream().anyMatch(matches));
  }

  public void publishPolicyChanged(String participantId, long version) throws Exception {
    CloudEvent<PolicyChangedData> e =
        CloudEvent.of(
            "/qhin-guard/policy-service",
            EventType.POLICY_CHANGED,
            participantId,
            new PolicyChangedData(participantId, version, "status"));
    channel.basicPublish(
        exchange,
        Bus.routingKey(EventType.POLICY_CHANGED),
        new com.rabbitmq.client.AMQP.BasicProperties.Builder()
            .contentType(Bus.CONTENT_TYPE)
            .build(),
        codec.encode(e));
  }

  @Override
  public void close() throws Exception {
    connection.close();
  }
}
