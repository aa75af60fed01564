package org.qhinguard.facade.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuditBufferTest {
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void losesNothingThroughABriefBrokerOutageAndKeepsTheOrder() {
    AtomicBoolean brokerUp = new AtomicBoolean(false);
    List<Integer> delivered = new CopyOnWriteArrayList<>();
    AuditBuffer<Integer> buffer =
        new AuditBuffer<>(
            100,
            1,
            Duration.ofMillis(10),
            Duration.ofMillis(50),
            e ->
                brokerUp.get()
                    ? CompletableFuture.runAsync(() -> delivered.add(e))
                    : CompletableFuture.failedFuture(new IllegalStateException("broker down")),
            scheduler);
    for (int i = 0; i < 20; i++) {
      buffer.offer(i);
    }
    assertThat(delivered).isEmpty();
    assertThat(buffer.pending()).isEqualTo(20);
    brokerUp.set(true);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> delivered.size() == 20);
    assertThat(delivered).isSorted();
    assertThat(buffer.dropped()).isZero();
  }

  @Test
  void dropsTheOldestWhenFullAndCountsIt() {
    AuditBuffer<Integer> buffer =
        new AuditBuffer<>(
            5,
            1,
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            e -> CompletableFuture.failedFuture(new IllegalStateException("down")),
            scheduler);
    for (int i = 0; i < 8; i++) {
      buffer.offer(i);
    }
    assertThat(buffer.pending()).isEqualTo(5);
    assertThat(buffer.dropped()).isEqualTo(3);
  }
}
