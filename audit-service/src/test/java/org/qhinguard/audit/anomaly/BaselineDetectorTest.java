package org.qhinguard.audit.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BaselineDetectorTest {

  private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
  private static final BaselineKey CLIENT = new BaselineKey("p-1", "c-1", "Observation");

  private final Random random = new Random(20261203L);

  @Test
  void raisesNothingOnThreeDaysOfSteadyTrafficWithDailyCycleNoise() {
    BaselineDetector detector = new BaselineDetector(DetectorSettings.defaults());
    List<Anomaly> raised = new ArrayList<>();
    for (int minute = 0; minute < 3 * 24 * 60; minute++) {
      double rate = 6 + 4 * Math.sin(2 * Math.PI * minute / (24 * 60.0));
      int requests = poisson(rate);
      for (int i = 0; i < requests; i++) {
        Instant t = START.plusSeconds(minute * 60L + random.nextInt(60));
        String patient = "pat-" + random.nextInt(100_000);
        raised.addAll(
            detector.observe(
                new AccessObservation(CLIENT, t, List.of(patient), 1 + random.nextInt(20))));
      }
    }
    assertThat(raised).isEmpty();
  }

  @Test
  void detectsAScrapeOf500PatientsAfterAnHourOf5PerMinuteWithinTwoWindows() {
    BaselineDetector detector = new BaselineDetector(DetectorSettings.defaults());
    int patient = 0;
    for (int minute = 0; minute < 60; minute++) {
      for (int i = 0; i < 5; i++) {
        Instant t = START.plusSeconds(minute * 60L + i * 12L);
        assertThat(detector.observe(read(t, "pat-" + patient++))).isEmpty();
      }
    }
    List<Anomaly> raised = new ArrayList<>();
    Instant scrapeStart = START.plus(Duration.ofMinutes(60));
    for (int i = 0; i < 1000; i++) {
      Instant t = scrapeStart.plusMillis(i * 120L);
      raised.addAll(detector.observe(read(t, "pat-" + patient++)));
    }

    assertThat(raised).isNotEmpty();
    Anomaly patients =
        raised.stream().filter(a -> a.metric() == Metric.DISTINCT_PATIENTS).findFirst().get();
    assertThat(patients.windowStart()).isBefore(scrapeStart.plus(Duration.ofMinutes(2)));
    assertThat(patients.windowStart()).isAfterOrEqualTo(scrapeStart);
    assertThat(patients.baseline()).isEqualTo(5.0);
    assertThat(patients.observed()).isGreaterThanOrEqualTo(20);
    assertThat(patients.score()).isGreaterThanOrEqualTo(6.0);
    assertThat(patients.key()).isEqualTo(CLIENT);
    assertThat(patients.explanation())
        .contains("client c-1 of participant p-1")
        .contains("distinct patients on Observation")
        .contains("median of 5.0");
  }

  @Test
  void flagsEachMetricAtMostOncePerWindow() {
    BaselineDetector detector = new BaselineDetector(DetectorSettings.defaults());
    steady(detector, 60, 5);
    List<Anomaly> raised = new ArrayList<>();
    Instant w = START.plus(Duration.ofMinutes(60));
    for (int i = 0; i < 500; i++) {
      raised.addAll(detector.observe(read(w.plusMillis(i * 100L), "scr-" + i)));
    }
    assertThat(raised).extracting(Anomaly::metric).doesNotHaveDuplicates();
    assertThat(raised)
        .extracting(Anomaly::metric)
        .contains(Metric.REQUEST_RATE, Metric.DISTINCT_PATIENTS, Metric.RETURNED_VOLUME);
  }

  @Test
  void staysSilentDuringWarmUpEvenForHeavyTraffic() {
    BaselineDetector detector = new BaselineDetector(DetectorSettings.defaults());
    List<Anomaly> raised = new ArrayList<>();
    for (int minute = 0; minute < 29; minute++) {
      int volume = minute < 28 ? 2 : 500;
      for (int i = 0; i < volume; i++) {
        Instant t = START.plusSeconds(minute * 60L).plusMillis(i * 100L);
        raised.addAll(detector.observe(read(t, "pat-" + minute + "-" + i)));
      }
    }
    assertThat(raised).isEmpty();
  }

  @Test
  void aLowerSensitivityFlagsAModerateDepartureTheDefaultsTolerate() {
    DetectorSettings d = DetectorSettings.defaults();
    DetectorSettings sensitive =
        new DetectorSettings(
            d.window(), d.history(), d.warmUpWindows(), 3.0, 2.0, 10, 10_000, 100_000);
    BaselineDetector tolerant = new BaselineDetector(d);
    BaselineDetector watchful = new BaselineDetector(sensitive);
    steady(tolerant, 60, 5);
    steady(watchful, 60, 5);
    List<Anomaly> fromTolerant = new ArrayList<>();
    List<Anomaly> fromWatchful = new ArrayList<>();
    Instant w = START.plus(Duration.ofMinutes(60));
    for (int i = 0; i < 14; i++) {
      fromTolerant.addAll(tolerant.observe(read(w.plusSeconds(i * 4L), "mod-" + i)));
      fromWatchful.addAll(watchful.observe(read(w.plusSeconds(i * 4L), "mod-" + i)));
    }
    assertThat(fromTolerant).isEmpty();
    assertThat(fromWatchful).extracting(Anomaly::metric).contains(Metric.DISTINCT_PATIENTS);
  }

  @Test
  void learnsEachClientSeparately() {
    BaselineDetector detector = new BaselineDetector(DetectorSettings.defaults());
    BaselineKey busy = new BaselineKey("p-1", "c-busy", "Observation");
    List<Anomaly> raised = new ArrayList<>();
    for (int minute = 0; minute < 90; minute++) {
      for (int i = 0; i < 400; i++) {
        Instant t = START.plusSeconds(minute * 60L).plusMillis(i * 100L);
        raised.addAll(
            detector.observe(new AccessObservation(busy, t, List.of("b-" + minute + "-" + i), 1)));
      }
      for (int i = 0; i < 5; i++) {
        Instant t = START.plusSeconds(minute * 60L + i * 10L);
        raised.addAll(detector.observe(read(t, "q-" + minute + "-" + i)));
      }
    }
    assertThat(raised).isEmpty();
  }

  private void steady(BaselineDetector detector, int minutes, int perMinute) {
    for (int minute = 0; minute < minutes; minute++) {
      for (int i = 0; i < perMinute; i++) {
        Instant t = START.plusSeconds(minute * 60L + i * 10L);
        assertThat(detector.observe(read(t, "s-" + minute + "-" + i))).isEmpty();
      }
    }
  }

  @Test
  void aScrapeRightAfterARestartIsFoundFromReplayedWindowsWithoutANewWarmUp() {
    BaselineDetector restarted = new BaselineDetector(DetectorSettings.defaults());
    for (int minute = 0; minute < 60; minute++) {
      restarted.replay(new PastWindow(CLIENT, START.plus(Duration.ofMinutes(minute)), 5, 5, 5));
    }
    BaselineDetector fresh = new BaselineDetector(DetectorSettings.defaults());

    List<Anomaly> afterReplay = new ArrayList<>();
    List<Anomaly> withoutReplay = new ArrayList<>();
    Instant scrapeStart = START.plus(Duration.ofMinutes(60));
    for (int i = 0; i < 500; i++) {
      AccessObservation o = read(scrapeStart.plusMillis(i * 100L), "pat-" + i);
      afterReplay.addAll(restarted.observe(o));
      withoutReplay.addAll(fresh.observe(o));
    }

    assertThat(afterReplay)
        .anySatisfy(
            a -> {
              assertThat(a.metric()).isEqualTo(Metric.DISTINCT_PATIENTS);
              assertThat(a.baseline()).isEqualTo(5.0);
              assertThat(a.windowStart()).isEqualTo(scrapeStart);
            });
    assertThat(withoutReplay).isEmpty();
  }

  @Test
  void windowsReplayedWhileLiveTrafficAlreadyFlowsStillMakeTheBaseline() {
    BaselineDetector detector = new BaselineDetector(DetectorSettings.defaults());
    Instant live = START.plus(Duration.ofMinutes(60));
    assertThat(detector.observe(read(live, "pat-live"))).isEmpty();
    for (int minute = 0; minute < 60; minute++) {
      detector.replay(new PastWindow(CLIENT, START.plus(Duration.ofMinutes(minute)), 5, 5, 5));
    }

    List<Anomaly> raised = new ArrayList<>();
    Instant scrapeStart = live.plus(Duration.ofMinutes(1));
    for (int i = 0; i < 500; i++) {
      raised.addAll(detector.observe(read(scrapeStart.plusMillis(i * 100L), "pat-" + i)));
    }

    assertThat(raised)
        .anySatisfy(
            a -> {
              assertThat(a.metric()).isEqualTo(Metric.DISTINCT_PATIENTS);
              assertThat(a.windowStart()).isEqualTo(scrapeStart);
            });
  }

  @Test
  void replayedWindowsRaiseNothingThemselves() {
    BaselineDetector detector = new BaselineDetector(DetectorSettings.defaults());
    for (int minute = 0; minute < 59; minute++) {
      detector.replay(new PastWindow(CLIENT, START.plus(Duration.ofMinutes(minute)), 5, 5, 5));
    }
    detector.replay(new PastWindow(CLIENT, START.plus(Duration.ofMinutes(59)), 900, 900, 900));
    // The huge window is history now; an ordinary next window is ordinary.
    assertThat(detector.observe(read(START.plus(Duration.ofMinutes(60)), "pat-1"))).isEmpty();
  }

  private static AccessObservation read(Instant t, String patient) {
    return new AccessObservation(CLIENT, t, List.of(patient), 1);
  }

  private int poisson(double lambda) {
    double l = Math.exp(-lambda);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
