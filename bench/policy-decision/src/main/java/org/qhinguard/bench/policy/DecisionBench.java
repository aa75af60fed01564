package org.qhinguard.bench.policy;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/** Runs {@link DecisionBenchmark} and prints p50/p99 of each case against the 20 µs target. */
public final class DecisionBench {
  private DecisionBench() {}

  static final double TARGET_P99_MICROS = 20.0;

  public static void main(String[] args) throws Exception {
    Options options =
        new OptionsBuilder()
            .include(DecisionBenchmark.class.getName())
            .parent(new org.openjdk.jmh.runner.options.CommandLineOptions(args))
            .build();
    Collection<RunResult> results = new Runner(options).run();
    System.out.println();
    System.out.printf(
        "policy decision, %d ceiling rules, SampleTime, target p99 < %.0f us%n",
        DecisionBenchmark.RULES, TARGET_P99_MICROS);
    boolean met = !results.isEmpty();
    for (RunResult r : results) {
      Statistics s = r.getPrimaryResult().getStatistics();
      double p50 = s.getPercentile(50);
      double p99 = s.getPercentile(99);
      met &= p99 < TARGET_P99_MICROS;
      System.out.printf(
          "%-34s p50 %7.3f us  p99 %7.3f us  p99/target %5.2f  samples %d%n",
          r.getParams().getBenchmark().replaceAll(".*\\.", ""),
          p50,
          p99,
          p99 / TARGET_P99_MICROS,
          s.getN());
    }
    System.out.println(met ? "target met: every p99 < 20 us" : "target MISSED");
  }
}
