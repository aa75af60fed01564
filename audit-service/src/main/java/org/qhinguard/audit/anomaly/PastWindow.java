package org.qhinguard.audit.anomaly;

import java.time.Instant;

/**
 * One closed window of a key as the trail holds it: what the detector counted live, aggregated
 * again after a restart.
 */
public record PastWindow(
    BaselineKey key, Instant start, long requests, long distinctPatients, long volume) {

  /** What the window held of {@code m}. */
  public double value(Metric m) {
    return switch (m) {
      case REQUEST_RATE -> requests;
      case DISTINCT_PATIENTS -> distinctPatients;
      case RETURNED_VOLUME -> volume;
    };
  }
}
