package org.qhinguard.policy.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;

/** A plain RabbitMQ consumer bound to this run's exchange, as another service would bind. */
final class BusConsumer implements AutoCloseable {

  record Received(String routingKey, String contentType, CloudEvent<?> event) {}

  final List<Received> received = new CopyOnWriteArrayList<>();
  private final Connection connection;

  BusConsumer(String bindingKey) throws Exception {
    Config config = ConfigProvider.getConfig();
    connection = connect(config);
    Channel channel = connection.createChannel();
    String exchange = config.getValue("qg.bus.exchange", String.class);
    String queue =
        config.getValue("qg.bus.queue-prefix", String.class) + "probe-" + UUID.randomUUID();
    // Same arguments as the outgoing channel, which declares it lazily on its first send.
    channel.exchangeDeclare(exchange, "topic", true, false, null);
    channel.queueDeclare(queue, false, true, true, null);
    channel.queueBind(queue, exchange, bindingKey);
    EventCodec codec = new EventCodec();
    channel.basicConsume(
        queue,
        true,
        (tag, delivery) -> {
          AMQP.BasicProperties props = delivery.getProperties();
          try {
            received.add(
                new Received(
                    delivery.getEnvelope().getRoutingKey(),
                    props.getContentType(),
                    codec.decode(delivery.getBody())));
          } catch (Exception e) {
            throw new IllegalStateException("undecodable event on the bus", e);
          }
        },
        tag -> {});
  }

  static Connection connect(Config config) throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(config.getOptionalValue("rabbitmq-host", String.class).orElse("127.0.0.1"));
    f.setPort(config.getOptionalValue("rabbitmq-port", Integer.class).orElse(5672));
    f.setUsername(config.getOptionalValue("rabbitmq-username", String.class).orElse("guest"));
    f.setPassword(config.getOptionalValue("rabbitmq-password", String.class).orElse("guest"));
    return f.newConnection();
  }

  List<Received> about(String participantId) {
    return received.stream().filter(r -> participantId.equals(r.event().subject())).toList();
  }

  @Override
  public void close() throws Exception {
    connection.close();
  }
}
