package org.qhinguard.facade.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Token buckets in Redis, shared by every replica: one per client and one per participant, both
 * spent in one atomic script on Redis's own clock, so replicas with skewed clocks agree.
 */
@ApplicationScoped
public class RateLimiter {

  /** The answer: allowed, or how long to wait. */
  public record Verdict(boolean allowed, long retryAfterMillis) {}

  /** A bucket: key, sustained tokens per minute, burst capacity. */
  public record Bucket(String key, int perMinute, int burst) {}

  // KEYS: buckets; ARGV: per bucket its refill per ms and capacity. A request is admitted only
  // when every bucket holds a token; then each loses one. Returns {admitted, wait ms}.
  private static final String SCRIPT =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local levels = {}
      local admitted = 1
      local wait = 0
      for i, key in ipairs(KEYS) do
        local rate = tonumber(ARGV[2 * i - 1])
        local burst = tonumber(ARGV[2 * i])
        local b = redis.call('HMGET', key, 'tokens', 'ts')
        local tokens = tonumber(b[1]) or burst
        local ts = tonumber(b[2]) or now
        if now > ts then tokens = math.min(burst, tokens + (now - ts) * rate) end
        levels[i] = tokens
        if tokens < 1 then
          admitted = 0
          local w = math.ceil((1 - tokens) / rate)
          if w > wait then wait = w end
        end
      end
      for i, key in ipairs(KEYS) do
        local rate = tonumber(ARGV[2 * i - 1])
        local burst = tonumber(ARGV[2 * i])
        local tokens = levels[i]
        if admitted == 1 then tokens = tokens - 1 end
        redis.call('HSET', key, 'tokens', tostring(tokens), 'ts', tostring(now))
        redis.call('PEXPIRE', key, math.ceil(burst / rate) + 1000)
      end
      return {admitted, wait}
      """;

  private final ReactiveRedisDataSource redis;
  private final String prefix;

  public RateLimiter(
      ReactiveRedisDataSource redis, @ConfigProperty(name = "qg.redis.key-prefix") String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  public Uni<Verdict> spend(Bucket... buckets) {
    String[] args = new String[2 + buckets.length * 3];
    args[0] = SCRIPT;
    args[1] = String.valueOf(buckets.length);
    for (int i = 0; i < buckets.length; i++) {
      args[2 + i] = prefix + "rl:" + buckets[i].key();
    }
    int a = 2 + buckets.length;
    for (Bucket b : buckets) {
      double perMs = Math.max(1, b.perMinute()) / 60_000.0;
      args[a++] = Double.toString(perMs);
      args[a++] = String.valueOf(Math.max(1, b.burst()));
    }
    return redis
        .execute("EVAL", args)
        .map(r -> new Verdict(r.get(0).toInteger() == 1, r.get(1).toLong()));
  }
}
