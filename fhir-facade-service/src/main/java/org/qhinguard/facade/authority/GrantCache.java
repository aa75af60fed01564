package org.qhinguard.facade.authority;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.qhinguard.facade.access.Grant;

/**
 * Introspection answers by SHA-256 of the token (the token itself is never kept). An active entry
 * lives until the token's {@code exp} or the configured bound, whichever is sooner; an inactive one
 * briefly. Entries are dropped by participant (policy changed) and by client or jti (revocation).
 */
public final class GrantCache {

  /** A cached answer: a grant, or empty for an inactive token with the reason. */
  public record Entry(Grant grant, String inactiveReason, Instant until) {
    public boolean active() {
      return grant != null;
    }
  }

  // One digest per thread: MessageDigest.getInstance looks up the provider on every call.
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  private final Cache<String, Entry> cache;
  private final Duration maxAge;
  private final Duration inactiveAge;
  private final Clock clock;

  public GrantCache(int maxEntries, Duration maxAge, Duration inactiveAge, Clock clock) {
    this.maxAge = maxAge;
    this.inactiveAge = inactiveAge;
    this.clock = clock;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .expireAfter(
                new Expiry<String, Entry>() {
                  @Override
                  public long expireAfterCreate(String k, Entry e, long now) {
                    return Math.max(0, Duration.between(clock.instant(), e.until()).toNanos());
                  }

                  @Override
                  public long expireAfterUpdate(String k, Entry e, long now, long current) {
                    return expireAfterCreate(k, e, now);
                  }

                  @Override
                  public long expireAfterRead(String k, Entry e, long now, long current) {
                    return current;
                  }
                })
            .build();
  }

  public static String hash(String token) {
    MessageDigest sha256 = SHA256.get();
    sha256.reset();
    byte[] d = sha256.digest(token.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
  }

  public Optional<Entry> get(String tokenHash) {
    Entry e = cache.getIfPresent(tokenHash);
    // Caffeine's clock is its own; exp is checked here too so nothing outlives the token.
    if (e != null && !clock.instant().isBefore(e.until())) {
      cache.invalidate(tokenHash);
      return Optional.empty();
    }
    return Optional.ofNullable(e);
  }

  public void putActive(String tokenHash, Grant grant) {
    Instant bound = clock.instant().plus(maxAge);
    Instant until = grant.expiresAt().isBefore(bound) ? grant.expiresAt() : bound;
    cache.put(tokenHash, new Entry(grant, null, until));
  }

  public void putInactive(String tokenHash, String reason) {
    cache.put(tokenHash, new Entry(null, reason, clock.instant().plus(inactiveAge)));
  }

  public void dropParticipant(String participantId) {
    cache
        .asMap()
        .values()
        .removeIf(e -> e.active() && participantId.equals(e.grant().participantId()));
  }

  /** Revocation: by jti when the event names one, else every token of the client. */
  public void dropRevoked(String clientId, String jti) {
    cache
        .asMap()
        .values()
        .removeIf(
            e ->
                e.active()
                    && (jti != null
                        ? jti.equals(e.grant().jti())
                        : clientId != null && clientId.equals(e.grant().clientId())));
  }

  public long size() {
    return cache.estimatedSize();
  }
}
