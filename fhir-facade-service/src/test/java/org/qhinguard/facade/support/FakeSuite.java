package org.qhinguard.facade.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.qhinguard.common.policy.ParticipantKind;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.common.policy.ParticipantStatus;
import org.qhinguard.fhirupstream.FhirUpstreamServer;

/**
 * The edges of the facade for tests: the real synthetic HAPI-model upstream on a random port, and
 * small HTTP fakes of the token authority (RFC 7662 introspection of {@link FakeTokens}, the
 * client_credentials token endpoint) and of policy-service's snapshot endpoint. The fakes count
 * their calls at {@code GET /_stats}. A {@code /odd/fhir} base answers slowly, with 500 or not at
 * all, for the upstream-failure tests.
 */
public class FakeSuite implements QuarkusTestResourceLifecycleManager {

  public static final String FACADE_SECRET = "facade-test-secret";
  public static final String SERVICE_TOKEN = "service-token-for-tests";

  private static final ObjectMapper JSON = new ObjectMapper();
  private FhirUpstreamServer upstream;
  private HttpServer fakes;
  private final AtomicInteger introspections = new AtomicInteger();
  private final Map<String, AtomicInteger> snapshotFetches = new ConcurrentHashMap<>();

  @Override
  public Map<String, String> start() {
    try {
      upstream = FhirUpstreamServer.start(0, 60);
      fakes = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    fakes.setExecutor(Executors.newFixedThreadPool(8));
    fakes.createContext("/oauth2/introspect", this::introspect);
    fakes.createContext("/oauth2/token", this::token);
    fakes.createContext("/v1/snapshots/participants/", this::snapshot);
    fakes.createContext("/_stats", this::stats);
    fakes.createContext("/odd/fhir", this::odd);
    fakes.start();
    String fakeBase = "http://127.0.0.1:" + fakes.getAddress().getPort();
    Map<String, String> config = new HashMap<>();
    config.put("qg.facade.upstream.url", upstream.baseUrl());
    config.put("qg.authority.url", fakeBase);
    config.put("qg.policy.url", fakeBase);
    config.put("qg.facade.client-secret", FACADE_SECRET);
    config.put("qg.facade.public-base-url", FakeTokens.AUDIENCE);
    config.put("qg.test.fakes-url", fakeBase);
    config.put("qg.test.upstream-url", upstream.baseUrl());
    return config;
  }

  @Override
  public void stop() {
    if (fakes != null) {
      fakes.stop(0);
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  private void introspect(HttpExchange ex) throws IOException {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("fhir-facade:" + FACADE_SECRET).getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      reply(ex, 401, "{\"error\":\"invalid_client\"}");
      return;
    }
    introspections.incrementAndGet();
    Map<String, String> form = form(ex);
    JsonNode claims = FakeTokens.decode(form.get("token"));
    String resource = form.get("resource");
    boolean audienceOk =
        claims != null && resource != null && resource.equals(claims.path("aud").asText());
    if (claims == null || !claims.path("active").asBoolean(false) || !audienceOk) {
      reply(ex, 200, "{\"active\":false}");
      return;
    }
    reply(ex, 200, claims.toString());
  }

  private void token(HttpExchange ex) throws IOException {
    form(ex);
    reply(
        ex,
        200,
        "{\"access_token\":\""
            + SERVICE_TOKEN
            + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
  }

  private void snapshot(HttpExchange ex) throws IOException {
    if (!("Bearer " + SERVICE_TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      reply(ex, 401, "{\"title\":\"unauthorized\",\"status\":401}");
      return;
    }
    String id = ex.getRequestURI().getPath().substring("/v1/snapshots/participants/".length());
    snapshotFetches.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    ParticipantSnapshot s = participants().get(id);
    if (s == null) {
      ex.getResponseHeaders().set("Content-Type", "application/problem+json");
      reply(ex, 404, "{\"title\":\"no such participant\",\"status\":404}");
      return;
    }
    reply(ex, 200, JSON.writeValueAsString(s));
  }

  private void stats(HttpExchange ex) throws IOException {
    ObjectNode n = JSON.createObjectNode().put("introspections", introspections.get());
    ObjectNode fetches = n.putObject("snapshots");
    snapshotFetches.forEach((k, v) -> fetches.put(k, v.get()));
    reply(ex, 200, n.toString());
  }

  /** A misbehaving upstream: Patient/hang never answers, Patient/boom answers 500. */
  private void odd(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    if (path.endsWith("/Patient/hang")) {
      return; // no answer; the facade's timeout must fire
    }
    if (path.endsWith("/Patient/boom")) {
      reply(ex, 500, "{\"resourceType\":\"OperationOutcome\"}");
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "text/html");
    reply(ex, 200, "<html>not FHIR</html>");
  }

  private static Map<String, String> form(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    if (!ex.getResponseHeaders().containsKey("Content-Type")) {
      ex.getResponseHeaders().set("Content-Type", "application/json");
    }
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  static final List<String> ALL =
      List.of(
          "read", "vread", "history", "search", "create", "update", "patch", "delete", "operation");

  /** The participants the fake policy-service knows. */
  public static Map<String, ParticipantSnapshot> participants() {
    Map<String, Map<String, List<String>>> minimization =
        Map.of(
            "Patient", Map.of("T-PYMNT", List.of("identifier", "name", "gender", "birthDate")),
            "Observation",
                Map.of(
                    "T-PYMNT", List.of("status", "category", "code", "subject", "effective[x]")));
    Map<String, ParticipantSnapshot> out = new HashMap<>();
    out.put(
        "p-main",
        snapshot(
            "p-main",
            ParticipantStatus.ACTIVE,
            Map.of("*", ALL),
            new ParticipantSnapshot.RateLimit(60000, 5000),
            minimization));
    out.put(
        "p-tight",
        snapshot(
            "p-tight",
            ParticipantStatus.ACTIVE,
            Map.of("*", ALL),
            new ParticipantSnapshot.RateLimit(60, 3),
            Map.of()));
    out.put(
        "p-suspended",
        snapshot("p-suspended", ParticipantStatus.SUSPENDED, Map.of("*", ALL), null, Map.of()));
    out.put(
        "p-observations-only",
        snapshot(
            "p-observations-only",
            ParticipantStatus.ACTIVE,
            Map.of("Observation", List.of("read", "search")),
            null,
            Map.of()));
    return out;
  }

  private static ParticipantSnapshot snapshot(
      String id,
      ParticipantStatus status,
      Map<String, List<String>> interactions,
      ParticipantSnapshot.RateLimit rateLimit,
      Map<String, Map<String, List<String>>> minimization) {
    return new ParticipantSnapshot(
        id,
        id,
        ParticipantKind.PARTICIPANT,
        "q-1",
        status,
        3,
        List.of(),
        List.of(FakeTokens.AUDIENCE),
        List.of(),
        new ParticipantSnapshot.TrustPolicy(
            List.of("system/*.rs", "patient/*.cruds"),
            List.of("T-TRTMNT", "T-PYMNT", "T-IAS"),
            interactions,
            List.of("RS384"),
            3600,
            false,
            true,
            rateLimit,
            minimization));
  }
}
