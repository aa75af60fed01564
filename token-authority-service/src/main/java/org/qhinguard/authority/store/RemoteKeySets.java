package org.qhinguard.authority.store;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;
import org.qhinguard.authority.config.AuthorityConfig;
import org.qhinguard.authority.domain.KeyLookup;
import org.qhinguard.authority.domain.KeySet;

/**
 * The registered keys of issuers and clients: inline JWKS from the snapshot, or a JWKS URI fetched
 * and kept in Redis. An unknown kid refetches the URI at most once per interval (a Redis lock), so
 * a stream of made-up kids cannot turn us into a request amplifier.
 */
@ApplicationScoped
public class RemoteKeySets implements KeyLookup {

  private static final Logger LOG = Logger.getLogger(RemoteKeySets.class);
  private static final int MAX_JWKS_BYTES = 64 * 1024;
  private static final int MAX_PARSED = 1000;

  private final RedisDataSource redis;
  private final ValueCommands<String, String> values;
  private final RedisKeys names;
  private final AuthorityConfig.Introspection config;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final Map<String, JsonWebKeySet> parsed = new ConcurrentHashMap<>();

  public RemoteKeySets(RedisDataSource redis, RedisKeys names, AuthorityConfig config) {
    this.redis = redis;
    this.values = redis.value(String.class);
    this.names = names;
    this.config = config.introspection();
  }

  @Override
  public Optional<JsonWebKey> find(KeySet keySet, String kid) {
    if (keySet.jwks() != null && !keySet.jwks().isBlank()) {
      return parse(keySet.jwks()).flatMap(s -> byKid(s, kid));
    }
    if (keySet.jwksUri() == null || keySet.jwksUri().isBlank()) {
      return Optional.empty();
    }
    String cacheKey = names.key("jwks", keySet.jwksUri());
    String cached = values.get(cacheKey);
    if (cached != null) {
      Optional<JsonWebKey> key = parse(cached).flatMap(s -> byKid(s, kid));
      if (key.isPresent()) {
        return key;
      }
    }
    if (!mayRefresh(keySet.jwksUri())) {
      return Optional.empty();
    }
    Optional<String> fetched = fetch(keySet);
    fetched.ifPresent(
        json -> values.set(cacheKey, json, new SetArgs().px(config.jwksTtl().toMillis())));
    return fetched.flatMap(this::parse).flatMap(s -> byKid(s, kid));
  }

  private boolean mayRefresh(String uri) {
    var r =
        redis.execute(
            "SET",
            names.key("jwks-refresh", uri),
            "1",
            "NX",
            "PX",
            Long.toString(config.jwksRefreshInterval().toMillis()));
    return r != null && "OK".equals(r.toString());
  }

  private Optional<String> fetch(KeySet keySet) {
    URI uri;
    try {
      uri = URI.create(keySet.jwksUri());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!"https".equals(uri.getScheme())
        && !(config.allowHttpJwks() && "http".equals(uri.getScheme()))) {
      LOG.warnf("JWKS URI of %s is not https; not fetched", keySet.owner());
      return Optional.empty();
    }
    try {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200 || r.body().length > MAX_JWKS_BYTES) {
        LOG.warnf(
            "JWKS of %s: status %d, %d bytes", keySet.owner(), r.statusCode(), r.body().length);
        return Optional.empty();
      }
      return Optional.of(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      LOG.warnf("JWKS of %s unreachable: %s", keySet.owner(), e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Optional<JsonWebKeySet> parse(String json) {
    JsonWebKeySet set = parsed.get(json);
    if (set != null) {
      return Optional.of(set);
    }
    try {
      set = new JsonWebKeySet(json);
    } catch (JoseException | RuntimeException e) {
      return Optional.empty();
    }
    if (parsed.size() >= MAX_PARSED) {
      parsed.clear();
    }
    parsed.put(json, set);
    return Optional.of(set);
  }

  private static Optional<JsonWebKey> byKid(JsonWebKeySet set, String kid) {
    return set.getJsonWebKeys().stream().filter(k -> kid.equals(k.getKeyId())).findFirst();
  }
}
