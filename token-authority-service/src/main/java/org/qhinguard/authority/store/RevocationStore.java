package org.qhinguard.authority.store;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Revoked token ids, in Redis, each kept exactly as long as its token could still be used. */
@ApplicationScoped
public class RevocationStore {

  private final ValueCommands<String, String> values;
  private final KeyCommands<String> keys;
  private final RedisKeys names;

  public RevocationStore(RedisDataSource redis, RedisKeys names) {
    this.values = redis.value(String.class);
    this.keys = redis.key();
    this.names = names;
  }

  /** Revokes {@code jti} until {@code expiresAt}; a token already expired needs no entry. */
  public void revoke(String jti, Instant expiresAt) {
    if (expiresAt.isAfter(Instant.now())) {
      values.set(names.key("revoked", jti), "1", new SetArgs().exAt(expiresAt));
    }
  }

  public boolean isRevoked(String jti) {
    return keys.exists(names.key("revoked", jti));
  }

  /** Seconds until the revocation entry expires, -2 when there is none (Redis TTL). */
  public long secondsLeft(String jti) {
    return keys.ttl(names.key("revoked", jti));
  }
}
