package org.qhinguard.audit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.qhinguard.common.events.Bus;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;

/** A plain AMQP client on the test run's exchange, for what no service channel would send. */
public final class TestBus implements AutoCloseable {
  private final Connection connection;
  private final Channel channel;
  private final String exchange;
  private final EventCodec codec = new EventCodec();

  public TestBus() throws Exception {
    Config config = ConfigProvider.getConfig();
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(config.getOptionalValue("rabbitmq-host", String.class).orElse("127.0.0.1"));
    f.setPort(config.getOptionalValue("rabbitmq-port", Integer.class).orElse(5672));
    f.setUsername(config.getOptionalValue("rabbitmq-username", String.class).orElse("guest"));
    f.setPassword(config.getOptionalValue("rabbitmq-password", String.class).orElse("guest"));
    connection = f.newConnection("audit-service-tests");
    channel = connection.createChannel();
    channel.confirmSelect();
    exchange = config.getValue("qg.bus.exchange", String.class);
  }

  public static String queuePrefix() {
    return ConfigProvider.getConfig().getValue("qg.bus.queue-prefix", String.class);
  }

  public void publish(CloudEvent<?> event) throws Exception {
    publishRaw(Bus.routingKey(event.eventType()), codec.encode(event));
  }

  /** Publishes all, then waits once for the broker's confirms. */
  public void publishAll(List<? extends CloudEvent<?>> events) throws Exception {
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder().contentType(Bus.CONTENT_TYPE).deliveryMode(2).build();
    for (CloudEvent<?> e : events) {
      channel.basicPublish(exchange, Bus.routingKey(e.eventType()), props, codec.encode(e));
    }
    channel.waitForConfirmsOrDie(30_000);
  }

  public void publishRaw(String routingKey, byte[] body) throws Exception {
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder().contentType(Bus.CONTENT_TYPE).deliveryMode(2).build();
    channel.basicPublish(exchange, routingKey, props, body);
    channel.waitForConfirmsOrDie(10_000);
  }

  /** A server-named queue of this connection bound to the exchange with {@code routingKey}. */
  public String probe(String routingKey) throws Exception {
    String q = channel.queueDeclare().getQueue();
    channel.queueBind(q, exchange, routingKey);
    return q;
  }

  /** How many messages {@code queue} holds that the broker has not delivered. */
  public long ready(String queue) throws Exception {
    return channel.queueDeclarePassive(queue).getMessageCount();
  }

  /** Takes every message now in {@code queue}, acknowledging them. */
  public List<GetResponse> drain(String queue) throws Exception {
    List<GetResponse> out = new ArrayList<>();
    GetResponse r;
    while ((r = channel.basicGet(queue, true)) != null) {
      out.add(r);
    }
    return out;
  }

  public static String header(GetResponse r, String name) {
    Map<String, Object> headers = r.getProps().getHeaders();
    Object v = headers == null ? null : headers.get(name);
    return v == null ? null : v.toString();
  }

  @Override
  public void close() throws Exception {
    connection.close();
  }
}
