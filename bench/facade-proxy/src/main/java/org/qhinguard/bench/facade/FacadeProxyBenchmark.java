package org.qhinguard.bench.facade;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.qhinguard.fhirupstream.FhirUpstreamServer;

/**
 * fhir-facade-service against the same upstream called directly, in one run, with wrk on loopback:
 * for a read and a 50-entry search, p50/p99 at one connection (added latency) and requests/s at
 * several connections (throughput ratio). The token authority and policy-service are small
 * in-process fakes that answer one token and one participant; Redis and RabbitMQ are the real ones
 * on loopback, isolated by a run id.
 */
public final class FacadeProxyBenchmark {

  private static final String TOKEN = "bench-token";
  private static final String SECRET = "bench-secret";

  record Run(double rps, double p50ms, double p99ms, long requests) {}

  public static void main(String[] args) throws Exception {
    Path facadeJar = Path.of("fhir-facade-service/target/quarkus-app/quarkus-run.jar");
    Path workDir = Path.of("bench/facade-proxy/target");
    int seconds = 8;
    int warmup = 15;
    int connections = 8;
    int hold = 0;
    List<String> jvmOpts = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--facade-jar" -> facadeJar = Path.of(args[++i]);
        case "--work-dir" -> workDir = Path.of(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--connections" -> connections = Integer.parseInt(args[++i]);
        case "--hold" -> hold = Integer.parseInt(args[++i]);
        case "--facade-jvm-opt" -> jvmOpts.add(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Files.createDirectories(workDir);
    String runId = "b" + UUID.randomUUID().toString().substring(0, 8);
    int facadePort = freePort();
    String facadeBase = "http://127.0.0.1:" + facadePort + "/fhir";
    try (FhirUpstreamServer upstream = FhirUpstreamServer.start(0, 60)) {
      HttpServer fakes = fakes(facadeBase);
      String fakesUrl = "http://127.0.0.1:" + fakes.getAddress().getPort();
      List<String> command = new ArrayList<>(List.of("java", "-Xmx512m"));
      command.addAll(jvmOpts);
      command.addAll(
          List.of(
              "-Dquarkus.http.host=127.0.0.1",
              "-Dquarkus.http.port=" + facadePort,
              "-Dqg.facade.upstream.url=" + upstream.baseUrl(),
              "-Dqg.authority.url=" + fakesUrl,
              "-Dqg.policy.url=" + fakesUrl,
              "-Dqg.facade.client-secret=" + SECRET,
              "-Dqg.facade.public-base-url=" + facadeBase,
              "-Dquarkus.redis.hosts=redis://127.0.0.1:6379",
              "-Dqg.redis.key-prefix=qgbench:" + runId + ":",
              "-Dqg.bus.exchange=qg-" + runId + ".events",
              "-Dqg.bus.queue-prefix=qg-" + runId + ".",
              "-Drabbitmq-host=127.0.0.1",
              "-Dquarkus.log.level=WARN",
              "-Dquarkus.log.console.json.enabled=false",
              "-jar",
              facadeJar.toString()));
      Process facade =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(workDir.resolve("facade.log").toFile())
              .start();
      int proxyPort = freePort();
      String proxyBase = "http://127.0.0.1:" + proxyPort + "/fhir";
      Process proxy =
          new ProcessBuilder(
                  "java",
                  "-Xmx256m",
                  "-cp",
                  ownJar(),
                  NoopProxy.class.getName(),
                  String.valueOf(proxyPort),
                  upstream.baseUrl())
              .redirectErrorStream(true)
              .redirectOutput(workDir.resolve("noop-proxy.log").toFile())
              .start();
      // A benchmark stopped by a signal takes its facade and proxy down with it.
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    facade.destroy();
                    proxy.destroy();
                  }));
      try {
        awaitReady("http://127.0.0.1:" + facadePort + "/q/health/ready", facade);
        awaitReady(proxyBase + "/metadata", proxy);
        String read = "/Patient/pat-0007";
        String search = "/Observation?_count=50";
        check(facadeBase + search, true);
        check(upstream.baseUrl() + search, false);
        if (hold > 0) {
          // For looking around by hand: both bases stay up for the given seconds.
          System.out.println(
              "direct " + upstream.baseUrl() + "  facade " + facadeBase + "  token " + TOKEN);
          Thread.sleep(hold * 1000L);
          return;
        }
        System.out.printf(
            Locale.ROOT,
            "facade-proxy benchmark: %ds per run, %d connections for throughput, 1 for latency, %d cores%n",
            seconds,
            connections,
            Runtime.getRuntime().availableProcessors());
        CpuMeter cpu = new CpuMeter(ProcessHandle.current().pid(), facade.pid(), proxy.pid());
        List<String> lines = new ArrayList<>();
        lines.add(
            String.format(
                Locale.ROOT,
                "%-8s %-7s %10s %9s %9s %12s",
                "request",
                "target",
                "rps",
                "p50 ms",
                "p99 ms",
                "(c=1 rps)"));
        for (String[] scenario : new String[][] {{"read", read}, {"search50", search}}) {
          String direct = upstream.baseUrl() + scenario[1];
          String viaFacade = facadeBase + scenario[1];
          wrk(direct, false, 2, connections, warmup);
          wrk(viaFacade, true, 2, connections, warmup);
          Run dLat = wrk(direct, false, 1, 1, seconds);
          Run fLat = wrk(viaFacade, true, 1, 1, seconds);
          String viaProxy = proxyBase + scenario[1];
          wrk(viaProxy, false, 2, connections, warmup);
          Run pLat = wrk(viaProxy, false, 1, 1, seconds);
          Map<String, Long> t0 = cpu.snapshot();
          Run dTput = wrk(direct, false, 2, connections, seconds);
          Map<String, Long> t1 = cpu.snapshot();
          Run fTput = wrk(viaFacade, true, 2, connections, seconds);
          Map<String, Long> t2 = cpu.snapshot();
          Run pTput = wrk(viaProxy, false, 2, connections, seconds);
          Map<String, Long> t3 = cpu.snapshot();
          lines.add(row(scenario[0], "direct", dTput, dLat));
          lines.add(row(scenario[0], "facade", fTput, fLat));
          lines.add(row(scenario[0], "noop", pTput, pLat));
          lines.add(
              String.format(
                  Locale.ROOT,
                  "%-8s added p50 %.3f ms, added p99 %.3f ms, throughput ratio %.1f%% (targets: <= 1 ms, >= 85%%)",
                  scenario[0],
                  fLat.p50ms() - dLat.p50ms(),
                  fLat.p99ms() - dLat.p99ms(),
                  100.0 * fTput.rps() / dTput.rps()));
          lines.add(
              scenario[0]
                  + " CPU us per request, direct: "
                  + cpuLine(CpuMeter.perRequest(t0, t1, dTput.requests()))
                  + " | via facade: "
                  + cpuLine(CpuMeter.perRequest(t1, t2, fTput.requests()))
                  + " | via no-op proxy: "
                  + cpuLine(CpuMeter.perRequest(t2, t3, pTput.requests())));
          lines.add(
              String.format(
                  Locale.ROOT,
                  "%-8s a proxy that checks nothing: added p50 %.3f ms, throughput ratio %.1f%%;"
                      + " the facade reaches %.1f%% of its throughput",
                  scenario[0],
                  pLat.p50ms() - dLat.p50ms(),
                  100.0 * pTput.rps() / dTput.rps(),
                  100.0 * fTput.rps() / pTput.rps()));
        }
        lines.forEach(System.out::println);
        Files.write(workDir.resolve("results.txt"), lines);
      } finally {
        facade.destroy();
        proxy.destroy();
        facade.waitFor();
        proxy.waitFor();
        fakes.stop(0);
      }
    }
  }

  private static String cpuLine(Map<String, Double> perRequest) {
    StringBuilder b = new StringBuilder();
    perRequest.forEach((name, us) -> b.append(String.format(Locale.ROOT, "%s %.0f, ", name, us)));
    double total = perRequest.values().stream().mapToDouble(Double::doubleValue).sum();
    return b.append(String.format(Locale.ROOT, "sum %.0f", total)).toString();
  }

  private static String row(String name, String target, Run tput, Run lat) {
    return String.format(
        Locale.ROOT,
        "%-8s %-7s %10.0f %9.3f %9.3f %12.0f",
        name,
        target,
        tput.rps(),
        lat.p50ms(),
        lat.p99ms(),
        lat.rps());
  }

  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern PCT =
      Pattern.compile("^\\s*(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
  private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

  static Run wrk(String url, boolean token, int threads, int connections, int seconds)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + seconds + "s",
                "--latency",
                "-H",
                "Accept: application/fhir+json"));
    if (token) {
      cmd.add("-H");
      cmd.add("Authorization: Bearer " + TOKEN);
    }
    cmd.add(url);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("wrk failed: " + out);
    }
    Matcher bad = NON2XX.matcher(out);
    if (bad.find()) {
      throw new IllegalStateException(bad.group(1) + " failed requests to " + url + ":\n" + out);
    }
    Matcher r = RPS.matcher(out);
    if (!r.find()) {
      throw new IllegalStateException("no Requests/sec in wrk output:\n" + out);
    }
    double p50 = -1;
    double p99 = -1;
    Matcher m = PCT.matcher(out);
    while (m.find()) {
      double v = Double.parseDouble(m.group(2));
      double ms =
          switch (m.group(3)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
          };
      if (m.group(1).equals("50")) {
        p50 = ms;
      } else {
        p99 = ms;
      }
    }
    Matcher n = REQUESTS.matcher(out);
    long requests = n.find() ? Long.parseLong(n.group(1)) : 0;
    return new Run(Double.parseDouble(r.group(1)), p50, p99, requests);
  }

  private static void check(String url, boolean token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (token) {
      b.header("Authorization", "Bearer " + TOKEN);
    }
    HttpResponse<String> r =
        HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    int entries = r.body().split("\"fullUrl\"", -1).length - 1;
    if (r.statusCode() != 200 || entries != 50) {
      throw new IllegalStateException(
          url + " answered " + r.statusCode() + " with " + entries + " entries: " + r.body());
    }
  }

  private static void awaitReady(String url, Process process) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant until = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(until)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(url + ": the process exited; see its log in the work dir");
      }
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250); // polling a child process's startup; no test framework here
    }
    throw new IllegalStateException(url + " did not become ready within 90 s");
  }

  private static String ownJar() throws Exception {
    return Path.of(
            FacadeProxyBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** One token, one participant: what the facade needs from the token authority and policy. */
  private static HttpServer fakes(String audience) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    // Daemon threads: the benchmark's JVM ends when main does.
    s.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "fakes");
              t.setDaemon(true);
              return t;
            }));
    long exp = Instant.now().plusSeconds(3600).getEpochSecond();
    String introspection =
        """
        {"active":true,"client_id":"bench-client","sub":"bench-client","aud":"%s","exp":%d,
         "scope":"system/Patient.rs system/Observation.rs","participant_id":"p-bench",
         "purpose_of_use":"T-TRTMNT","jti":"bench-1","token_type":"Bearer"}
        """
            .formatted(audience, exp);
    String snapshot =
        """
        {"participantId":"p-bench","displayName":"bench","kind":"PARTICIPANT","qhinId":"q-1",
         "status":"ACTIVE","version":1,"issuers":[],"audiences":["%s"],"clients":[],
         "policy":{"scopeCeiling":["system/*.rs"],"purposes":["T-TRTMNT"],
           "resourceInteractions":{"*":["read","search"]},"signingAlgorithms":["RS384"],
           "maxTokenLifetimeSeconds":3600,"requireDpop":false,"requireAtJwtTyp":true,
           "rateLimit":{"perMinute":100000000,"burst":10000000},"minimization":{}}}
        """
            .formatted(audience);
    s.createContext(
        "/oauth2/introspect",
        ex -> reply(ex, TOKEN.equals(formToken(ex)) ? introspection : "{\"active\":false}"));
    s.createContext(
        "/oauth2/token",
        ex ->
            reply(
                ex,
                "{\"access_token\":\"bench-service\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
    s.createContext("/v1/snapshots/participants/p-bench", ex -> reply(ex, snapshot));
    s.createContext("/.well-known/jwks.json", ex -> reply(ex, "{\"keys\":[]}"));
    s.start();
    return s;
  }

  private static String formToken(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    for (String pair : body.split("&")) {
      if (pair.startsWith("token=")) {
        return java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static void reply(HttpExchange ex, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }
}
