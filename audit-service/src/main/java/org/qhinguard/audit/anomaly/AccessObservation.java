package org.qhinguard.audit.anomaly;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * One FHIR access as the detector sees it. {@code time} is the event's own time: windows are keyed
 * by event time, so replays and tests drive the detector's clock.
 */
public record AccessObservation(
    BaselineKey key, Instant time, Collection<String> patientIds, int returned) {
  public AccessObservation {
    patientIds = patientIds == null ? List.of() : patientIds;
    returned = Math.max(0, returned);
  }
}
