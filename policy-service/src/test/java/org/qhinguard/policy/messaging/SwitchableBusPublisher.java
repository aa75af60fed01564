package org.qhinguard.policy.messaging;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The real RabbitMQ publisher, with a switch that makes the broker path fail, as an outage would.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class SwitchableBusPublisher implements BusPublisher {

  private final AtomicBoolean failing = new AtomicBoolean();

  /** Through a method: a field read on the injected client proxy would not reach the bean. */
  public void failing(boolean fail) {
    failing.set(fail);
  }

  @Inject RabbitBusPublisher real;

  @Override
  public void publish(String eventId, String eventType, byte[] body) throws Exception {
    if (failing.get()) {
      throw new java.io.IOException("broker unreachable (test switch)");
    }
    real.publish(eventId, eventType, body);
  }
}
