package org.qhinguard.common.events;

/** A message that is not an event this consumer can take; it goes to the dead-letter queue. */
public final class EventRejectedException extends Exception {

  /** Why the event was rejected; the dead-letter queue keeps it as a header. */
  public enum Reason {
    OVERSIZED,
    MALFORMED,
    NOT_CLOUDEVENTS_1_0,
    UNKNOWN_TYPE,
    UNSUPPORTED_VERSION,
    INVALID_DATA
  }

  private final Reason reason;

  public EventRejectedException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
