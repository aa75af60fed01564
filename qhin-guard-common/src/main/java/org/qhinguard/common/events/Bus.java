package org.qhinguard.common.events;

/**
 * The bus topology every service agrees on: one durable topic exchange; the routing key of a
 * message is its CloudEvents type.
 */
public final class Bus {
  private Bus() {}

  /** The default exchange name; each deployment (and each test run) may prefix it. */
  public static final String EXCHANGE = "qhin-guard.events";

  /** Structured-mode CloudEvents JSON (CloudEvents JSON format 1.0, section 3). */
  public static final String CONTENT_TYPE = "application/cloudevents+json";

  /** Larger messages are refused by producers and dead-lettered by consumers. */
  public static final int MAX_EVENT_BYTES = 64 * 1024;

  public static String routingKey(EventType type) {
    return type.type();
  }
}
