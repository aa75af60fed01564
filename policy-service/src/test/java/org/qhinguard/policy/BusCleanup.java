package org.qhinguard.policy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.qhinguard.testing.BackingServices;

/** Deletes this run's exchange when the tests end, so runs leave no durable exchange behind. */
public class BusCleanup implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return Map.of();
  }

  @Override
  public void stop() {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(env("QG_RABBITMQ_HOST", "127.0.0.1"));
    f.setPort(Integer.parseInt(env("QG_RABBITMQ_PORT", "5672")));
    f.setUsername(env("QG_RABBITMQ_USER", "guest"));
    f.setPassword(env("QG_RABBITMQ_PASSWORD", "guest"));
    try (Connection c = f.newConnection();
        Channel ch = c.createChannel()) {
      ch.exchangeDelete("qg-" + BackingServices.RUN_ID + ".events");
    } catch (Exception e) {
      // the broker is gone already; nothing is left to clean
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
