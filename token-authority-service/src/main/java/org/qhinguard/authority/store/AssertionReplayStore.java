package org.qhinguard.authority.store;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.qhinguard.authority.domain.ClientAssertions;

/** RFC 7523 section 3 item 7: a client assertion's jti is single-use until it expires. */
@ApplicationScoped
public class AssertionReplayStore implements ClientAssertions.ReplayGuard {

  private final RedisDataSource redis;
  private final RedisKeys names;

  public AssertionReplayStore(RedisDataSource redis, RedisKeys names) {
    this.redis = redis;
    this.names = names;
  }

  @Override
  public boolean firstUse(String clientId, String jti, Instant expiresAt) {
    long at = Math.max(expiresAt.getEpochSecond(), Instant.now().getEpochSecond() + 1);
    Response r =
        redis.execute(
            "SET", names.key("assertion", clientId, jti), "1", "NX", "EXAT", Long.toString(at));
    return r != null && "OK".equals(r.toString());
  }
}
