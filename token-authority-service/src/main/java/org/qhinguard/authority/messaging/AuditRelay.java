package org.qhinguard.authority.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.qhinguard.authority.config.AuthorityConfig;
import org.qhinguard.authority.config.BusConfig;
import org.qhinguard.authority.store.AuditBuffer;
import org.qhinguard.authority.store.RedisKeys;
import org.qhinguard.common.events.Bus;
import org.qhinguard.common.events.EventType;

/**
 * Drains the Redis audit buffer to the bus. One replica at a time holds the relay lock; an event
 * leaves the in-flight list only after the broker confirmed it (publisher confirms), so a broker
 * outage delays events but loses none. Delivery is at least once; the event id deduplicates.
 */
@ApplicationScoped
public class AuditRelay {

  private static final Logger LOG = Logger.getLogger(AuditRelay.class);
  private static final long LOCK_MILLIS = 15_000;
  // EventCodec writes "type" once, as a top-level string member.
  private static final Pattern TYPE = Pattern.compile("\"type\":\"([a-z0-9.]+)\"");

  private final AuditBuffer buffer;
  private final RedisDataSource redis;
  private final String lockKey;
  private final String instance = UUID.randomUUID().toString();
  private final String exchange;
  private final AuthorityConfig.Audit config;
  private Connection connection;
  private Channel channel;

  public AuditRelay(
      AuditBuffer buffer,
      RedisDataSource redis,
      RedisKeys names,
      BusConfig bus,
      AuthorityConfig config) {
    this.buffer = buffer;
    this.redis = redis;
    this.lockKey = names.fixed("audit:relay-lock");
    this.exchange = bus.exchange();
    this.config = config.audit();
  }

  @Scheduled(
      every = "${qg.authority.audit.relay-every:1s}",
      delayed = "3s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  synchronized void drain() {
    try {
      if (!holdLock()) {
        return;
      }
      buffer.requeueInflight();
      int sent;
      do {
        sent = publishBatch();
      } while (sent == config.batchSize());
    } catch (Exception e) {
      LOG.warnf("audit relay paused, events stay buffered: %s", e.toString());
      closeQuietly();
    }
  }

  private int publishBatch() throws Exception {
    List<String> batch = new ArrayList<>();
    for (int i = 0; i < config.batchSize(); i++) {
      Optional<String> next = buffer.take();
      if (next.isEmpty()) {
        break;
      }
      batch.add(next.get());
    }
    if (batch.isEmpty()) {
      return 0;
    }
    Channel ch = channel();
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder().contentType(Bus.CONTENT_TYPE).deliveryMode(2).build();
    for (String event : batch) {
      ch.basicPublish(exchange, routingKey(event), props, event.getBytes(StandardCharsets.UTF_8));
    }
    ch.waitForConfirmsOrDie(config.confirmTimeout().toMillis());
    for (String event : batch) {
      buffer.acknowledge(event);
    }
    return batch.size();
  }

  /** The routing key is the event's CloudEvents type; the buffer only holds events we encoded. */
  static String routingKey(String event) {
    Matcher m = TYPE.matcher(event);
    if (m.find()) {
      Optional<EventType> type = EventType.fromType(m.group(1));
      if (type.isPresent()) {
        return Bus.routingKey(type.get());
      }
    }
    throw new IllegalStateException("a buffered event without a known type: " + event);
  }

  private boolean holdLock() {
    String px = Long.toString(LOCK_MILLIS);
    var r = redis.execute("SET", lockKey, instance, "NX", "PX", px);
    if (r != null && "OK".equals(r.toString())) {
      return true;
    }
    var owner = redis.execute("GET", lockKey);
    if (owner != null && instance.equals(owner.toString())) {
      redis.execute("PEXPIRE", lockKey, px);
      return true;
    }
    return false;
  }

  private Channel channel() throws Exception {
    if (channel != null && channel.isOpen()) {
      return channel;
    }
    closeQuietly();
    ConnectionFactory f = new ConnectionFactory();
    AuthorityConfig.Audit.Broker b = config.broker();
    f.setHost(b.host());
    f.setPort(b.port());
    f.setUsername(b.username());
    f.setPassword(b.password());
    f.setVirtualHost(b.virtualHost());
    f.setConnectionTimeout(2000);
    f.setAutomaticRecoveryEnabled(false);
    connection = f.newConnection("token-authority-service-audit-relay");
    channel = connection.createChannel();
    channel.exchangeDeclare(exchange, "topic", true);
    channel.confirmSelect();
    return channel;
  }

  private void closeQuietly() {
    try {
      if (connection != null) {
        connection.abort(1000);
      }
    } catch (Exception ignored) {
      // already gone
    }
    connection = null;
    channel = null;
  }

  void onStop(@Observes ShutdownEvent event) {
    closeQuietly();
    try {
      redis.execute(
          "EVAL",
          "if redis.call('get',KEYS[1])==ARGV[1] then return redis.call('del',KEYS[1]) end return 0",
          "1",
          lockKey,
          instance);
    } catch (RuntimeException e) {
      // the lock expires by itself
    }
  }
}
