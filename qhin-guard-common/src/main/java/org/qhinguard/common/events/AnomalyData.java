package org.qhinguard.common.events;

import java.time.Instant;

/**
 * The data of {@code org.qhinguard.anomaly.raised.v1}: a client's traffic departed from its learned
 * baseline.
 */
public record AnomalyData(
    String anomalyId,
    String participantId,
    String clientId,
    String resourceType,
    String metric,
    double baseline,
    double observed,
    double score,
    Instant windowStart,
    Instant windowEnd,
    String explanation) {
  public AnomalyData {
    if (anomalyId == null || anomalyId.isBlank()) {
      throw new IllegalArgumentException("anomalyId is required");
    }
    if (metric == null || metric.isBlank()) {
      throw new IllegalArgumentException("metric is required");
    }
  }
}
