package org.qhinguard.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qhinguard.audit.Events;
import org.qhinguard.audit.TestBus;
import org.qhinguard.audit.anomaly.BaselineKey;
import org.qhinguard.audit.anomaly.PastWindow;
import org.qhinguard.common.events.Outcome;

@QuarkusTest
class AccessWindowsTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Inject AccessWindows windows;

  @Test
  void aggregatesStoredAccessesPerKeyAndWindowAsTheDetectorCountsThem() throws Exception {
    String participant = Events.unique("p-windows");
    Instant a = Instant.parse("2026-11-30T10:15:00Z");
    Instant b = a.plus(MINUTE.multipliedBy(3));
    try (TestBus bus = new TestBus()) {
      bus.publishAll(
          List.of(
              access(participant, "pat-a", 2, a.plusSeconds(1)),
              access(participant, "pat-b", 1, a.plusSeconds(20)),
              access(participant, "pat-a", 1, a.plusSeconds(59)),
              access(participant, "pat-c", 5, b.plusSeconds(30))));
    }
    BaselineKey key = new BaselineKey(participant, "c-1", "Observation");

    List<PastWindow> found = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              found.clear();
              windows.windows(
                  MINUTE,
                  a.minus(MINUTE),
                  b.plus(MINUTE),
                  w -> {
                    if (w.key().equals(key)) {
                      found.add(w);
                    }
                  });
              return found.stream().mapToLong(PastWindow::requests).sum() == 4;
            });

    assertThat(found)
        .containsExactly(new PastWindow(key, a, 3, 2, 4), new PastWindow(key, b, 1, 1, 5));
  }

  @Test
  void leavesOutWindowsOutsideTheRangeAsked() throws Exception {
    String participant = Events.unique("p-windows");
    Instant t = Instant.parse("2026-11-30T11:00:10Z");
    try (TestBus bus = new TestBus()) {
      bus.publishAll(List.of(access(participant, "pat-a", 1, t)));
    }
    BaselineKey key = new BaselineKey(participant, "c-1", "Observation");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> count(key, t.minus(MINUTE), t.plus(MINUTE)) == 1);

    assertThat(count(key, t.plus(MINUTE), t.plus(MINUTE.multipliedBy(5)))).isZero();
  }

  private long count(BaselineKey key, Instant from, Instant to) throws Exception {
    long[] n = {0};
    windows.windows(MINUTE, from, to, w -> n[0] += w.key().equals(key) ? 1 : 0);
    return n[0];
  }

  private static org.qhinguard.common.events.CloudEvent<?> access(
      String participant, String patient, int returned, Instant time) {
    return Events.fhirAccess(
        participant, "c-1", "Observation", "search", Outcome.SUCCESS, patient, returned, time);
  }
}
