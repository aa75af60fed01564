package org.qhinguard.authority.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.qhinguard.authority.domain.DecisionRequest;
import org.qhinguard.common.policy.ParticipantSnapshot;

/**
 * policy-service faked at its HTTP edge (ADR 0002 endpoints) on a loopback port, answering from
 * {@link #POLICY}. It insists on the authority's own bearer token with role policy-reader.
 */
public class FakePolicyService implements QuarkusTestResourceLifecycleManager {

  public static final InMemoryPolicy POLICY = new InMemoryPolicy();
  public static final AtomicBoolean DOWN = new AtomicBoolean();
  public static final AtomicInteger SNAPSHOT_REQUESTS = new AtomicInteger();
  public static final AtomicInteger JWKS_REQUESTS = new AtomicInteger();
  private static volatile String jwksUri;

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
  private HttpServer server;

  public static void reset() {
    DOWN.set(false);
    POLICY.reset(Network.snapshots());
    if (jwksUri != null) {
      POLICY.put(Network.uriPartner(jwksUri));
    }
  }

  @Override
  public Map<String, String> start() {
    reset();
    System.setProperty("sun.net.httpserver.nodelay", "true");
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/v1/", this::handle);
    server.createContext(
        "/jwks/uri-partner",
        ex -> {
          try (ex) {
            JWKS_REQUESTS.incrementAndGet();
            send(ex, 200, Network.jwks(Network.URI_ISSUER_KEY));
          }
        });
    server.start();
    jwksUri = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks/uri-partner";
    reset();
    return Map.of(
        "quarkus.rest-client.policy-service.url",
        "http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (DOWN.get()) {
        send(ex, 503, "{\"title\":\"down\"}");
        return;
      }
      if (!policyReader(ex.getRequestHeaders().getFirst("Authorization"))) {
        send(ex, 401, "{\"title\":\"unauthorized\"}");
        return;
      }
      String path = ex.getRequestURI().getPath();
      Map<String, String> query = query(ex.getRequestURI().getRawQuery());
      if ("POST".equals(ex.getRequestMethod()) && path.equals("/v1/decisions")) {
        DecisionRequest r = JSON.readValue(ex.getRequestBody(), DecisionRequest.class);
        send(ex, 200, JSON.writeValueAsString(POLICY.decide(r)));
        return;
      }
      SNAPSHOT_REQUESTS.incrementAndGet();
      Optional<ParticipantSnapshot> found = Optional.empty();
      if (path.equals("/v1/snapshots/issuers")) {
        found = POLICY.byIssuer(query.getOrDefault("iss", ""));
      } else if (path.equals("/v1/snapshots/audiences")) {
        found = POLICY.byAudience(query.getOrDefault("aud", ""));
      } else if (path.startsWith("/v1/snapshots/clients/")) {
        found = POLICY.byClient(decode(path.substring("/v1/snapshots/clients/".length())));
      } else if (path.startsWith("/v1/snapshots/participants/")) {
        found = POLICY.get(decode(path.substring("/v1/snapshots/participants/".length())));
      }
      if (found.isPresent()) {
        ex.getResponseHeaders().add("ETag", "\"" + found.get().version() + "\"");
        send(ex, 200, JSON.writeValueAsString(found.get()));
      } else {
        ex.getResponseHeaders().add("Content-Type", "application/problem+json");
        send(ex, 404, "{\"title\":\"not found\",\"status\":404}");
      }
    }
  }

  private static boolean policyReader(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    String[] parts = authorization.substring(7).split("\\.");
    if (parts.length != 3) {
      return false;
    }
    try {
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      for (JsonNode g : claims.path("groups")) {
        if ("policy-reader".equals(g.asText())) {
          return true;
        }
      }
      return false;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new java.util.HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (!ex.getResponseHeaders().containsKey("Content-Type")) {
      ex.getResponseHeaders().add("Content-Type", "application/json");
    }
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }
}
