package org.qhinguard.audit.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import org.qhinguard.audit.store.AnomalyEntity;

/** One anomaly as {@code GET /v1/anomalies} shows it. */
@RegisterForReflection
public record AnomalyView(
    String id,
    String participantId,
    String clientId,
    String resourceType,
    String metric,
    double baseline,
    double observed,
    double score,
    Instant windowStart,
    Instant windowEnd,
    String explanation,
    Instant raisedAt,
    boolean published) {

  @RegisterForReflection
  public record Page(List<AnomalyView> items, String nextCursor) {}

  static AnomalyView of(AnomalyEntity a) {
    return new AnomalyView(
        a.id.toString(),
        a.participantId,
        a.clientId,
        a.resourceType,
        a.metric,
        a.baseline,
        a.observed,
        a.score,
        a.windowStart,
        a.windowEnd,
        a.explanation,
        a.raisedAt,
        a.publishedAt != null);
  }
}
