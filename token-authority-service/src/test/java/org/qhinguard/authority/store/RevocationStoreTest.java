package org.qhinguard.authority.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Redis round-trip of the foundation: a revoked jti lives exactly as long as its token. */
@QuarkusTest
class RevocationStoreTest {

  @Inject RevocationStore revocations;

  @Test
  void revokedJtiIsRevokedUntilItsTokenExpiresInRedis() {
    String jti = UUID.randomUUID().toString();
    assertThat(revocations.isRevoked(jti)).isFalse();

    revocations.revoke(jti, Instant.now().plusSeconds(2));

    assertThat(revocations.isRevoked(jti)).isTrue();
    assertThat(revocations.secondsLeft(jti)).isBetween(1L, 2L);
    await().atMost(Duration.ofSeconds(5)).until(() -> !revocations.isRevoked(jti));
  }

  @Test
  void alreadyExpiredTokenLeavesNoEntry() {
    String jti = UUID.randomUUID().toString();
    revocations.revoke(jti, Instant.now().minusSeconds(1));
    assertThat(revocations.isRevoked(jti)).isFalse();
  }
}
