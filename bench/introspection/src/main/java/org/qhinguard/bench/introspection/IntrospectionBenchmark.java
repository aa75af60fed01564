package org.qhinguard.bench.introspection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.elytron.security.common.BcryptUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.qhinguard.common.policy.ParticipantKind;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.common.policy.ParticipantSnapshot.RegisteredClient;
import org.qhinguard.common.policy.ParticipantSnapshot.TokenIssuer;
import org.qhinguard.common.policy.ParticipantSnapshot.TrustPolicy;
import org.qhinguard.common.policy.ParticipantStatus;

/**
 * Runs the built token-authority-service jar against the loopback PostgreSQL, Redis and RabbitMQ
 * and a fake policy-service (in this process, ADR 0002 endpoints), then drives it with wrk:
 * GET /bench/noop (the baseline), introspection of one repeated token (warm) and of distinct
 * tokens (cold). Prints throughput and p50/p99 of each and their ratios to the baseline.
 */
public final class IntrospectionBenchmark {

  static final String ISSUER = "https://issuer.bench.invalid";
  static final String AUDIENCE = "https://fhir.bench.invalid/r4";
  static final String RS_CLIENT = "bench-rs";
  static final String RS_SECRET = "bench-rs-secret";
  static final ObjectMapper JSON = new ObjectMapper();

  record Result(String name, double rps, double p50ms, double p99ms, long requests, long non2xx) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = options(args);
    int seconds = Integer.parseInt(opt.getOrDefault("seconds", "5"));
    int connections = Integer.parseInt(opt.getOrDefault("connections", "16"));
    int coldTokens = Integer.parseInt(opt.getOrDefault("cold-tokens", "6000"));
    Path work = Path.of(opt.getOrDefault("work-dir", "target"));
    Path serviceJar = Path.of(opt.getOrDefault("service-jar", "token-authority-service/target/quarkus-app/quarkus-run.jar"));
    String run = "bench" + Long.toString(System.currentTimeMillis(), 36);
    String schema = "qg_" + run;
    String dbUrl = env("QG_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    String dbUser = env("QG_DB_USER", "postgres");
    Files.createDirectories(work);

    RsaJsonWebKey issuerKey = RsaJwkGenerator.generateJwk(2048);
    issuerKey.setKeyId("bench-issuer-1");
    HttpServer policy = fakePolicyService(issuerKey);
    int port = freePort();
    String base = "http://127.0.0.1:" + port;

    Map<String, String> env = new HashMap<>();
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_DATASOURCE_JDBC_URL", dbUrl + "?currentSchema=" + schema);
    env.put("QUARKUS_DATASOURCE_USERNAME", dbUser);
    env.put("QUARKUS_DATASOURCE_PASSWORD", env("QG_DB_PASSWORD", ""));
    env.put("QUARKUS_FLYWAY_SCHEMAS", schema);
    env.put("QUARKUS_FLYWAY_DEFAULT_SCHEMA", schema);
    env.put("QUARKUS_REDIS_HOSTS", env("QG_REDIS_URL", "redis://127.0.0.1:6379"));
    env.put("QG_REDIS_KEY_PREFIX", "qgbench:" + run + ":");
    env.put("QG_BUS_EXCHANGE", "qg-" + run + ".events");
    env.put("QG_BUS_QUEUE_PREFIX", "qg-" + run + ".");
    env.put("RABBITMQ_HOST", env("QG_RABBITMQ_HOST", "127.0.0.1"));
    env.put("QG_AUTHORITY_URL", base);
    env.put("QG_AUTHORITY_BENCH_ENDPOINT", "true");
    env.put("QUARKUS_REST_CLIENT_POLICY_SERVICE_URL", "http://127.0.0.1:" + policy.getAddress().getPort());
    env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
    env.put("QUARKUS_LOG_LEVEL", "WARN");

    ProcessBuilder pb = new ProcessBuilder("java", "-Xmx512m", "-jar", serviceJar.toString());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(work.resolve("token-authority-service.log").toFile());
    Process service = pb.start();
    try {
      waitReady(base, service);
      String basic = "Basic " + Base64.getEncoder().encodeToString((RS_CLIENT + ":" + RS_SECRET).getBytes(StandardCharsets.UTF_8));
      String warmToken = token(issuerKey);
      requireActive(base, basic, warmToken);
      System.out.printf("minting %d distinct RS256 tokens...%n", coldTokens);
      List<String> cold = IntStream.range(0, coldTokens).parallel().mapToObj(i -> token(issuerKey)).toList();
      requireActive(base, basic, cold.get(cold.size() - 1));
      Path coldFile = work.resolve("cold-tokens.txt");
      Files.write(coldFile, cold);
      Path warmFile = work.resolve("warm-token.txt");
      Files.writeString(warmFile, warmToken + "\n");
      Path script = work.resolve("introspect.lua");
      Files.writeString(script, LUA);

      wrk("jit warm-up", base + "/oauth2/introspect", script, 3, connections, warmFile, basic);
      wrk("jit warm-up", base + "/bench/noop", null, 3, connections, null, null);
      Result noop = wrk("baseline GET /bench/noop", base + "/bench/noop", null, seconds, connections, null, null);
      Result warm = wrk("introspect, repeated token (warm)", base + "/oauth2/introspect", script, seconds, connections, warmFile, basic);
      // Fresh tokens the service has never seen: nothing cached for them.
      Result coldResult = wrk("introspect, distinct tokens (cold)", base + "/oauth2/introspect", script, seconds, connections, coldFile, basic);

      System.out.println();
      System.out.printf("token-authority-service introspection, wrk -t2 -c%d -d%ds, loopback, %d cores%n", connections, seconds, Runtime.getRuntime().availableProcessors());
      System.out.printf("%-36s %10s %9s %9s %9s%n", "", "req/s", "p50 ms", "p99 ms", "non-2xx");
      for (Result r : List.of(noop, warm, coldResult)) {
        System.out.printf(Locale.ROOT, "%-36s %10.0f %9.2f %9.2f %9d%n", r.name(), r.rps(), r.p50ms(), r.p99ms(), r.non2xx());
      }
      System.out.println();
      for (Result r : List.of(warm, coldResult)) {
        System.out.printf(Locale.ROOT, "%-36s throughput %.3fx of baseline, p50 %.1fx, p99 %.1fx%n",
            r.name(), r.rps() / noop.rps(), r.p50ms() / noop.p50ms(), r.p99ms() / noop.p99ms());
      }
      if (coldResult.requests() > coldTokens) {
        System.out.printf("note: the cold run made %d requests for %d tokens, so %d were repeats (raise --cold-tokens)%n",
            coldResult.requests(), coldTokens, coldResult.requests() - coldTokens);
      }
    } finally {
      service.destroy();
      service.waitFor();
      policy.stop(0);
      try (Connection c = DriverManager.getConnection(dbUrl, dbUser, env("QG_DB_PASSWORD", ""));
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  static final String LUA =
      """
      local tokens = {}
      local idx = 0
      local counter = 0
      function setup(thread)
        thread:set("id", counter)
        counter = counter + 1
      end
      function init(args)
        local step = tonumber(args[2])
        local i = 0
        for line in io.lines(args[1]) do
          if step == 1 or i % step == id then table.insert(tokens, line) end
          i = i + 1
        end
        if #tokens == 0 then
          for line in io.lines(args[1]) do table.insert(tokens, line) end
        end
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
        wrk.headers["Authorization"] = args[3]
      end
      function request()
        idx = idx + 1
        if idx > #tokens then idx = 1 end
        return wrk.format(nil, nil, nil, "token=" .. tokens[idx])
      end
      """;

  static Result wrk(String name, String url, Path script, int seconds, int connections, Path tokens, String basic)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency"));
    if (script != null) {
      cmd.addAll(List.of("-s", script.toString(), url, "--", tokens.toString(), "2", basic));
    } else {
      cmd.add(url);
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("wrk failed:\n" + out);
    }
    return new Result(
        name,
        number(out, "Requests/sec:\\s+([\\d.]+)"),
        latency(out, "50%"),
        latency(out, "99%"),
        (long) number(out, "(\\d+) requests in"),
        (long) numberOr(out, "Non-2xx or 3xx responses:\\s+(\\d+)", 0));
  }

  static double latency(String out, String pct) {
    Matcher m = Pattern.compile("\\s" + Pattern.quote(pct) + "\\s+([\\d.]+)(us|ms|s)").matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no " + pct + " latency in wrk output:\n" + out);
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
  }

  static double number(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("unexpected wrk output:\n" + out);
    }
    return Double.parseDouble(m.group(1));
  }

  static double numberOr(String out, String regex, double fallback) {
    Matcher m = Pattern.compile(regex).matcher(out);
    return m.find() ? Double.parseDouble(m.group(1)) : fallback;
  }

  static String token(RsaJsonWebKey key) {
    try {
      long now = Instant.now().getEpochSecond();
      JwtClaims c = new JwtClaims();
      c.setIssuer(ISSUER);
      c.setSubject("bench-app");
      c.setClaim("client_id", "bench-app");
      c.setAudience(AUDIENCE);
      c.setClaim("scope", "system/Observation.rs");
      c.setJwtId(UUID.randomUUID().toString());
      c.setIssuedAt(NumericDate.fromSeconds(now));
      c.setExpirationTime(NumericDate.fromSeconds(now + 1800));
      JsonWebSignature jws = new JsonWebSignature();
      jws.setPayload(c.toJson());
      jws.setKey(key.getPrivateKey());
      jws.setKeyIdHeaderValue(key.getKeyId());
      jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
      jws.setHeader("typ", "at+jwt");
      return jws.getCompactSerialization();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static HttpServer fakePolicyService(RsaJsonWebKey issuerKey) throws IOException {
    // Without TCP_NODELAY the JDK server's two writes meet delayed ACKs: 40 ms per decision.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    TrustPolicy trust =
        new TrustPolicy(List.of("system/*.rs"), List.of("T-TRTMNT"), Map.of(), List.of("RS256"), 3600, false, true,
            new ParticipantSnapshot.RateLimit(100000, 100000), Map.of());
    String jwks = new JsonWebKeySet(List.<JsonWebKey>of(issuerKey)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    ParticipantSnapshot fhir =
        new ParticipantSnapshot("bench-fhir", "FHIR", ParticipantKind.PARTICIPANT, "q1", ParticipantStatus.ACTIVE, 1,
            List.of(), List.of(AUDIENCE),
            List.of(new RegisteredClient(RS_CLIENT, null, null, List.of(), List.of("client_secret_basic"),
                BcryptUtil.bcryptHash(RS_SECRET), List.of())),
            trust);
    ParticipantSnapshot partner =
        new ParticipantSnapshot("bench-partner", "Partner", ParticipantKind.PARTICIPANT, "q2", ParticipantStatus.ACTIVE, 1,
            List.of(new TokenIssuer(ISSUER, null, jwks)), List.of(), List.of(), trust);
    byte[] fhirJson = JSON.writeValueAsBytes(fhir);
    byte[] partnerJson = JSON.writeValueAsBytes(partner);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.createContext(
        "/v1/",
        ex -> {
          try (ex) {
            String path = ex.getRequestURI().getPath();
            byte[] body;
            int status = 200;
            if (path.equals("/v1/decisions")) {
              var req = JSON.readTree(ex.getRequestBody());
              body = JSON.writeValueAsBytes(Map.of(
                  "decision", "PERMIT",
                  "grantedScopes", req.path("requestedScopes").asText(),
                  "deniedScopes", List.of(),
                  "reasons", List.of(),
                  "policyVersion", 1,
                  "participantId", req.path("participantId").asText()));
            } else if (path.startsWith("/v1/snapshots/clients/" + RS_CLIENT)) {
              body = fhirJson;
            } else if (path.equals("/v1/snapshots/issuers")) {
              body = partnerJson;
            } else {
              status = 404;
              body = "{\"status\":404}".getBytes(StandardCharsets.UTF_8);
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
          }
        });
    server.start();
    return server;
  }

  static void waitReady(String base, Process service) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (Instant.now().isBefore(deadline)) {
      if (!service.isAlive()) {
        throw new IllegalStateException("token-authority-service exited; see its log in the work dir");
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500); // polling a child process, not a test
    }
    throw new IllegalStateException("token-authority-service not ready within 120 s");
  }

  static void requireActive(String base, String basic, String token) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(base + "/oauth2/introspect"))
            .header("Authorization", basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("token=" + token))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 || !r.body().contains("\"active\":true")) {
      throw new IllegalStateException("bench token is not active: " + r.statusCode() + " " + r.body());
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      m.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return m;
  }

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
