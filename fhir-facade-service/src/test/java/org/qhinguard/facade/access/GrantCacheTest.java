package org.qhinguard.facade.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qhinguard.facade.authority.GrantCache;

class GrantCacheTest {

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static Grant grant(String client, String participant, String jti, Instant exp) {
    return new Grant(client, participant, "T-TRTMNT", null, null, jti, "", List.of(), exp);
  }

  @Test
  void neverKeepsAGrantBeyondTheTokensExpiry() {
    MutableClock clock = new MutableClock();
    GrantCache cache = new GrantCache(100, Duration.ofMinutes(5), Duration.ofSeconds(10), clock);
    cache.putActive("h", grant("c", "p", "j", clock.now.plusSeconds(30)));
    assertThat(cache.get("h")).isPresent();
    clock.now = clock.now.plusSeconds(30);
    assertThat(cache.get("h")).isEmpty();
  }

  @Test
  void dropsByParticipantAndByRevokedJtiOrClient() {
    MutableClock clock = new MutableClock();
    GrantCache cache = new GrantCache(100, Duration.ofMinutes(5), Duration.ofSeconds(10), clock);
    Instant exp = clock.now.plusSeconds(300);
    cache.putActive("a", grant("c1", "p1", "j1", exp));
    cache.putActive("b", grant("c1", "p1", "j2", exp));
    cache.putActive("c", grant("c2", "p2", "j3", exp));
    cache.dropRevoked("c1", "j1");
    assertThat(cache.get("a")).isEmpty();
    assertThat(cache.get("b")).isPresent();
    cache.dropRevoked("c1", null);
    assertThat(cache.get("b")).isEmpty();
    cache.dropParticipant("p2");
    assertThat(cache.get("c")).isEmpty();
  }

  @Test
  void remembersAnInactiveTokenBriefly() {
    MutableClock clock = new MutableClock();
    GrantCache cache = new GrantCache(100, Duration.ofMinutes(5), Duration.ofSeconds(10), clock);
    cache.putInactive("x", "not active");
    assertThat(cache.get("x")).get().extracting(GrantCache.Entry::active).isEqualTo(false);
    clock.now = clock.now.plusSeconds(11);
    assertThat(cache.get("x")).isEmpty();
  }

  @Test
  void hashesTokensSoNoTokenIsKept() {
    assertThat(GrantCache.hash("abc")).isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
  }
}
