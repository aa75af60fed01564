package org.qhinguard.audit.anomaly;

import java.time.Instant;
import java.util.UUID;

/**
 * A window whose value departed from its baseline.
 *
 * @param baseline the median of the past windows
 * @param score the robust z-score: (observed - median) / (1.4826 MAD), see {@link Baseline}
 */
public record Anomaly(
    UUID id,
    BaselineKey key,
    Metric metric,
    double baseline,
    double observed,
    double score,
    Instant windowStart,
    Instant windowEnd,
    String explanation) {}
