package org.qhinguard.audit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.qhinguard.testing.BackingServices;

/**
 * The test run's share of the broker: configures {@link PeerServiceChannel}, and at the end deletes
 * the exchanges and the dead-letter queue the run declared (the main queue auto-deletes).
 */
public class TestBusTopology implements QuarkusTestResourceLifecycleManager {
  private static final String PREFIX = "qg-" + BackingServices.RUN_ID + ".";

  @Override
  public Map<String, String> start() {
    String out = "mp.messaging.outgoing." + PeerServiceChannel.CHANNEL + ".";
    return Map.of(
        out + "connector", "smallrye-rabbitmq",
        out + "exchange.name", PREFIX + "events",
        out + "exchange.type", "topic",
        out + "publish-confirms", "true");
  }

  @Override
  public void stop() {
    ConnectionFactory f = new ConnectionFactory();
    String host = System.getenv("QG_RABBITMQ_HOST");
    f.setHost(host == null || host.isBlank() ? "127.0.0.1" : host);
    try (Connection c = f.newConnection("audit-service-test-cleanup")) {
      Channel ch = c.createChannel();
      ch.queueDelete(PREFIX + "audit-service.dlq");
      ch.exchangeDelete(PREFIX + "audit-service.dlx");
      ch.exchangeDelete(PREFIX + "events");
    } catch (Exception e) {
      // Best effort: the DLQ also expires when idle.
    }
  }
}
