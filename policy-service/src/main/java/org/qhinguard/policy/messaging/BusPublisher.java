package org.qhinguard.policy.messaging;

/** Sends one encoded CloudEvent to the bus and returns once the broker has taken it. */
public interface BusPublisher {

  /**
   * @param eventType the CloudEvents type, also the routing key
   * @throws Exception when the broker did not confirm the event in time
   */
  void publish(String eventId, String eventType, byte[] body) throws Exception;
}
