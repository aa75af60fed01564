package org.qhinguard.policy.domain;

import java.time.Instant;
import java.util.List;

/** One version in a participant's history. */
public record HistoryEntry(
    long version,
    ChangeKind change,
    String changedBy,
    Instant changedAt,
    String reason,
    List<ChangeDiff.Change> diff) {}
