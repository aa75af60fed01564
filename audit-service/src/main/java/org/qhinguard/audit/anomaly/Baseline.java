package org.qhinguard.audit.anomaly;

import java.util.Arrays;

/**
 * The robust location and scale of a metric's past windows. The scale is 1.4826 times the median
 * absolute deviation (consistent with the standard deviation for normal data) but never below the
 * Poisson scale sqrt(median), so that perfectly steady counts (MAD = 0) do not make every wobble
 * infinitely surprising.
 */
public record Baseline(double median, double scale) {

  static Baseline of(double[] values, int count) {
    double[] v = Arrays.copyOf(values, count);
    double median = median(v);
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.abs(v[i] - median);
    }
    double mad = median(v);
    return new Baseline(median, Math.max(1.4826 * mad, Math.sqrt(Math.max(median, 1.0))));
  }

  double score(double observed) {
    return (observed - median) / scale;
  }

  private static double median(double[] v) {
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
  }
}
