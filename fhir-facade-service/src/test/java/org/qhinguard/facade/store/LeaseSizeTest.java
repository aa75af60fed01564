package org.qhinguard.facade.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.qhinguard.facade.store.RateLimiter.Bucket;

class LeaseSizeTest {

  @Test
  void leasesOneTokenAtATimeForASmallBurst() {
    assertThat(RateLimiter.leaseSize(new Bucket("c", 60, 3), new Bucket("p", 60, 3))).isEqualTo(1);
  }

  @Test
  void leasesAtMostATenthOfTheBurstAndOfASecondOfRate() {
    assertThat(RateLimiter.leaseSize(new Bucket("c", 60_000, 5000))).isEqualTo(100);
    assertThat(RateLimiter.leaseSize(new Bucket("c", 6_000_000, 500))).isEqualTo(50);
    assertThat(RateLimiter.leaseSize(new Bucket("c", 6_000_000, 500), new Bucket("p", 6000, 500)))
        .isEqualTo(10);
  }
}
