package org.qhinguard.facade.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Token buckets in Redis, shared by every replica: one per client and one per participant, spent
 * together in one atomic script on Redis's own clock, so replicas with skewed clocks agree. To keep
 * Redis off the hot path a replica leases a few tokens at a time (at most a tenth of the burst and
 * a tenth of a second of the sustained rate, valid for one second) and spends them locally; with a
 * small burst the lease is one token and every request asks Redis.
 */
@ApplicationScoped
public class RateLimiter {

  /** The answer: allowed, or how long to wait. */
  public record Verdict(boolean allowed, long retryAfterMillis) {}

  /** A bucket: key, sustained tokens per minute, burst capacity. */
  public record Bucket(String key, int perMinute, int burst) {}

  private static final long LEASE_MILLIS = 1000;

  // KEYS: buckets; ARGV[1]: tokens wanted; then per bucket its refill per ms and capacity. Grants
  // as many tokens (at most wanted) as every bucket holds and takes them from each.
  // Returns {granted, wait ms until one token}.
  private static final String SCRIPT =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local want = tonumber(ARGV[1])
      local levels = {}
      local grant = want
      local wait = 0
      for i, key in ipairs(KEYS) do
        local rate = tonumber(ARGV[2 * i])
        local burst = tonumber(ARGV[2 * i + 1])
        local b = redis.call('HMGET', key, 'tokens', 'ts')
        local tokens = tonumber(b[1]) or burst
        local ts = tonumber(b[2]) or now
        if now > ts then tokens = math.min(burst, tokens + (now - ts) * rate) end
        levels[i] = tokens
        if math.floor(tokens) < grant then grant = math.floor(tokens) end
        if tokens < 1 then
          local w = math.ceil((1 - tokens) / rate)
          if w > wait then wait = w end
        end
      end
      if grant < 0 then grant = 0 end
      for i, key in ipairs(KEYS) do
        local rate = tonumber(ARGV[2 * i])
        local burst = tonumber(ARGV[2 * i + 1])
        redis.call('HSET', key, 'tokens', tostring(levels[i] - grant), 'ts', tostring(now))
        redis.call('PEXPIRE', key, math.ceil(burst / rate) + 1000)
      end
      return {grant, wait}
      """;

  private final ReactiveRedisDataSource redis;
  private final String prefix;
  private final Map<String, Lease> leases = new ConcurrentHashMap<>();

  /** Tokens this replica took from Redis and has not spent yet. */
  private static final class Lease {
    final AtomicInteger remaining;
    final long expiresAt;

    Lease(int remaining, long expiresAt) {
      this.remaining = new AtomicInteger(remaining);
      this.expiresAt = expiresAt;
    }

    boolean take(long now) {
      if (now >= expiresAt) {
        return false;
      }
      return remaining.getAndUpdate(r -> r > 0 ? r - 1 : r) > 0;
    }
  }

  public RateLimiter(
      ReactiveRedisDataSource redis, @ConfigProperty(name = "qg.redis.key-prefix") String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  static int leaseSize(Bucket... buckets) {
    int size = Integer.MAX_VALUE;
    for (Bucket b : buckets) {
      size = Math.min(size, Math.min(b.burst() / 10, b.perMinute() / 600));
    }
    return Math.max(1, size);
  }

  public Uni<Verdict> spend(Bucket... buckets) {
    StringBuilder id = new StringBuilder();
    for (Bucket b : buckets) {
      id.append(b.key()).append('|');
    }
    String leaseKey = id.toString();
    long now = System.currentTimeMillis();
    Lease lease = leases.get(leaseKey);
    if (lease != null && lease.take(now)) {
      return Uni.createFrom().item(new Verdict(true, 0));
    }
    int want = leaseSize(buckets);
    String[] args = new String[3 + buckets.length * 3];
    args[0] = SCRIPT;
    args[1] = String.valueOf(buckets.length);
    for (int i = 0; i < buckets.length; i++) {
      args[2 + i] = prefix + "rl:" + buckets[i].key();
    }
    int a = 2 + buckets.length;
    args[a++] = String.valueOf(want);
    for (Bucket b : buckets) {
      double perMs = Math.max(1, b.perMinute()) / 60_000.0;
      args[a++] = Double.toString(perMs);
      args[a++] = String.valueOf(Math.max(1, b.burst()));
    }
    return redis
        .execute("EVAL", args)
        .map(
            r -> {
              int granted = r.get(0).toInteger();
              if (granted < 1) {
                return new Verdict(false, r.get(1).toLong());
              }
              if (granted > 1) {
                leases.put(leaseKey, new Lease(granted - 1, now + LEASE_MILLIS));
              }
              return new Verdict(true, 0);
            });
  }
}
