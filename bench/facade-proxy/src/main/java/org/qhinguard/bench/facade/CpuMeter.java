package org.qhinguard.bench.facade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of the processes that serve a request, read from {@code /proc} (Linux), so that a run
 * can say where each request's CPU went: upstream, facade, broker, Redis. Processes it cannot read
 * are left out.
 */
final class CpuMeter {
  private final Map<String, Long> pids = new LinkedHashMap<>();
  private final long ticksPerSecond;

  CpuMeter(long upstreamPid, long facadePid, long proxyPid)
      throws IOException, InterruptedException {
    pids.put("upstream", upstreamPid);
    pids.put("facade", facadePid);
    pids.put("noop-proxy", proxyPid);
    byComm("beam.smp").ifPresent(p -> pids.put("broker", p));
    byComm("redis-server").ifPresent(p -> pids.put("redis", p));
    Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor();
    ticksPerSecond = out.isEmpty() ? 100 : Long.parseLong(out);
  }

  /** CPU nanoseconds used so far, by process name. */
  Map<String, Long> snapshot() {
    Map<String, Long> out = new LinkedHashMap<>();
    pids.forEach(
        (name, pid) -> {
          try {
            String stat = Files.readString(Path.of("/proc", pid.toString(), "stat"));
            // Fields after the parenthesised command; utime and stime are fields 14 and 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            out.put(name, ticks * 1_000_000_000L / ticksPerSecond);
          } catch (IOException | RuntimeException e) {
            // gone or unreadable: not counted
          }
        });
    return out;
  }

  /** Microseconds of CPU per request, by process, between two snapshots. */
  static Map<String, Double> perRequest(
      Map<String, Long> before, Map<String, Long> after, long requests) {
    Map<String, Double> out = new LinkedHashMap<>();
    after.forEach(
        (name, t) -> {
          Long b = before.get(name);
          if (b != null && requests > 0) {
            out.put(name, (t - b) / 1000.0 / requests);
          }
        });
    return out;
  }

  private static java.util.Optional<Long> byComm(String comm) throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(
              p -> {
                try {
                  return Files.readString(p.resolve("comm")).trim().equals(comm);
                } catch (IOException e) {
                  return false;
                }
              })
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .findFirst();
    }
  }
}
