package org.qhinguard.common.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode (CloudEvents spec 1.0.2, section 3.1 required
 * attributes: {@code id}, {@code source}, {@code specversion}, {@code type}).
 *
 * @param <T> the data record of {@link #eventType()}
 */
public record CloudEvent<T>(
    String id, String source, EventType eventType, String subject, Instant time, T data) {

  public static final String SPEC_VERSION = "1.0";

  public CloudEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(data, "data");
    if (!eventType.dataClass().isInstance(data)) {
      throw new IllegalArgumentException(
          eventType.type() + " carries " + eventType.dataClass().getSimpleName());
    }
  }

  /** A new event with a random id and the current time. */
  public static <T> CloudEvent<T> of(String source, EventType type, String subject, T data) {
    return new CloudEvent<>(
        UUID.randomUUID().toString(), source, type, subject, Instant.now(), data);
  }
}
