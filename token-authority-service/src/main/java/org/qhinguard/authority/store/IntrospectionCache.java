package org.qhinguard.authority.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.set.ReactiveSetCommands;
import io.quarkus.redis.datasource.set.SetCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.qhinguard.authority.config.AuthorityConfig;
import org.qhinguard.authority.domain.Introspection.Active;

/**
 * Short-lived active answers keyed by a hash of (caller, resource, token): never kept beyond the
 * token's exp, dropped when its jti is revoked, and ignored once either participant's policy
 * version moved on (a PolicyChanged event).
 */
@ApplicationScoped
public class IntrospectionCache {

  /** What is cached: the answer and the policy versions it was computed under. */
  @RegisterForReflection
  public record Entry(Active active, String callerParticipantId, long callerVersion) {}

  private static final Logger LOG = Logger.getLogger(IntrospectionCache.class);

  private final ValueCommands<String, String> values;
  private final ReactiveValueCommands<String, String> asyncValues;
  private final ReactiveSetCommands<String, String> asyncSets;
  private final ReactiveKeyCommands<String> asyncKeys;
  private final SetCommands<String, String> sets;
  private final KeyCommands<String> keys;
  private final RedisKeys names;
  private final Duration ttl;
  private final ObjectMapper mapper;

  public IntrospectionCache(
      RedisDataSource redis,
      ReactiveRedisDataSource reactive,
      RedisKeys names,
      AuthorityConfig config,
      ObjectMapper mapper) {
    this.values = redis.value(String.class);
    this.asyncValues = reactive.value(String.class);
    this.asyncSets = reactive.set(String.class);
    this.asyncKeys = reactive.key();
    this.sets = redis.set(String.class);
    this.keys = redis.key();
    this.names = names;
    this.ttl = config.introspection().cacheTtl();
    this.mapper = mapper;
  }

  public String keyFor(String callerClientId, String resource, String token) {
    return names.key("introspect", callerClientId, resource == null ? "" : resource, token);
  }

  public Optional<Entry> get(String key) {
    String json = values.get(key);
    if (json == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(mapper.readValue(json, Entry.class));
    } catch (JsonProcessingException e) {
      keys.del(key);
      return Optional.empty();
    }
  }

  public void put(String key, Entry entry) {
    Instant exp = Instant.ofEpochSecond(entry.active().exp());
    Instant until = Instant.now().plus(ttl);
    if (exp.isBefore(until)) {
      until = exp;
    }
    if (!until.isAfter(Instant.now())) {
      return;
    }
    String json;
    try {
      json = mapper.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      return;
    }
    // Off the answer's path: a cache entry that is not written only costs a later miss.
    String index = names.key("introspect-by-jti", entry.active().jti());
    long indexUntil = exp.plusSeconds(1).toEpochMilli();
    asyncValues
        .set(key, json, new SetArgs().pxAt(until))
        .chain(() -> asyncSets.sadd(index, key))
        .chain(() -> asyncKeys.pexpireat(index, indexUntil))
        .subscribe()
        .with(ok -> {}, failure -> LOG.debugf("introspection cache write failed: %s", failure));
  }

  /** Drops every cached answer about this token id. */
  public void dropJti(String jti) {
    String index = names.key("introspect-by-jti", jti);
    Set<String> cached = sets.smembers(index);
    if (!cached.isEmpty()) {
      keys.del(cached.toArray(String[]::new));
    }
    keys.del(index);
  }
}
