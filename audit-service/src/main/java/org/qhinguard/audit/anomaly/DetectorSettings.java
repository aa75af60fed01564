package org.qhinguard.audit.anomaly;

import java.time.Duration;

/**
 * How the detector learns and when it speaks.
 *
 * @param window the length of one window (windows are aligned to the epoch)
 * @param history how many past windows make the baseline
 * @param warmUpWindows how many windows a client must have been seen for before it can be flagged
 * @param sensitivity the robust z-score from which a window is anomalous (lower flags more)
 * @param minRatio the observed value must also be at least this multiple of the baseline median
 * @param minObserved and at least this large, so that tiny counts never alarm
 * @param maxTrackedPatients distinct patients remembered per window (beyond it the count saturates)
 * @param maxTrackedKeys baselines kept in memory; the least recently seen is forgotten beyond it
 */
public record DetectorSettings(
    Duration window,
    int history,
    int warmUpWindows,
    double sensitivity,
    double minRatio,
    double minObserved,
    int maxTrackedPatients,
    int maxTrackedKeys) {

  public DetectorSettings {
    if (window == null || window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("window must be positive");
    }
    if (history < 3) {
      throw new IllegalArgumentException("history must be at least 3 windows");
    }
    if (warmUpWindows < 1 || warmUpWindows > history) {
      throw new IllegalArgumentException("warm-up must be between 1 and history windows");
    }
    if (sensitivity <= 0 || minRatio < 1 || minObserved < 0) {
      throw new IllegalArgumentException("sensitivity > 0, min-ratio >= 1, min-observed >= 0");
    }
    if (maxTrackedPatients < 1 || maxTrackedKeys < 1) {
      throw new IllegalArgumentException("tracking bounds must be positive");
    }
  }

  public static DetectorSettings defaults() {
    return new DetectorSettings(Duration.ofMinutes(1), 60, 30, 6.0, 3.0, 20, 10_000, 100_000);
  }
}
