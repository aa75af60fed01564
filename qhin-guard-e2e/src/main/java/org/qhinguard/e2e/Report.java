package org.qhinguard.e2e;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The scenario's report: one line per step, what was expected and what happened. */
final class Report {
  record Line(String step, boolean ok, String detail) {}

  private final List<Line> lines = new ArrayList<>();
  private final PrintStream out;

  Report(PrintStream out) {
    this.out = out;
  }

  interface Check {
    /** Returns the detail to print on success; throws {@link Deviation} otherwise. */
    String run() throws Exception;
  }

  static final class Deviation extends RuntimeException {
    Deviation(String message) {
      super(message);
    }
  }

  static void expect(boolean condition, String message) {
    if (!condition) {
      throw new Deviation(message);
    }
  }

  boolean step(String name, Check check) {
    long start = System.nanoTime();
    Line line;
    try {
      String detail = check.run();
      line = new Line(name, true, detail);
    } catch (Deviation d) {
      line = new Line(name, false, d.getMessage());
    } catch (Exception | AssertionError | LinkageError e) {
      line = new Line(name, false, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    lines.add(line);
    long ms = (System.nanoTime() - start) / 1_000_000;
    out.printf("  %s %-62s %6d ms%n      %s%n", line.ok ? "PASS" : "FAIL", name, ms, line.detail);
    return line.ok;
  }

  List<Line> lines() {
    return List.copyOf(lines);
  }

  long failures() {
    return lines.stream().filter(l -> !l.ok).count();
  }

  void summary() {
    out.printf("%n%d passed, %d failed%n", lines.size() - failures(), failures());
  }
}
