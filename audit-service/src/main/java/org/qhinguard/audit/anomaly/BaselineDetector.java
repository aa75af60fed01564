package org.qhinguard.audit.anomaly;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Learns, per participant, client and resource type, the request rate, the distinct patients and
 * the returned volume of each window, and flags the current window as soon as one of them departs
 * upward from the baseline of the past windows (robust z-score over median and MAD). Counts only
 * grow within a window, so a scrape is flagged while it happens, once per window and metric.
 *
 * <p>Windows are keyed by event time; windows in which a client was silent count as zero. Events
 * older than a client's current window still count for nothing here (they are stored all the same).
 */
public final class BaselineDetector {

  private final DetectorSettings settings;
  private final long windowMillis;
  private final Map<BaselineKey, Track> tracks;

  public BaselineDetector(DetectorSettings settings) {
    this.settings = settings;
    this.windowMillis = settings.window().toMillis();
    this.tracks =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<BaselineKey, Track> eldest) {
            return size() > settings.maxTrackedKeys();
          }
        };
  }

  public DetectorSettings settings() {
    return settings;
  }

  /** Counts one access and returns the anomalies it reveals (usually none). */
  public synchronized List<Anomaly> observe(AccessObservation o) {
    long window = Math.floorDiv(o.time().toEpochMilli(), windowMillis);
    Track track = tracks.computeIfAbsent(o.key(), k -> new Track(window));
    if (window < track.window) {
      return List.of();
    }
    if (window > track.window) {
      track.roll(window);
    }
    track.requests++;
    track.volume += o.returned();
    for (String p : o.patientIds()) {
      if (track.patients.size() >= settings.maxTrackedPatients()) {
        break;
      }
      track.patients.add(p);
    }
    if (track.seenWindows < settings.warmUpWindows()) {
      return List.of();
    }
    List<Anomaly> found = new ArrayList<>(0);
    for (Metric m : Metric.values()) {
      if (track.raised.contains(m)) {
        continue;
      }
      double observed = track.current(m);
      Baseline b = track.baselines.get(m);
      double score = b.score(observed);
      if (score >= settings.sensitivity()
          && observed >= settings.minRatio() * b.median()
          && observed >= settings.minObserved()) {
        track.raised.add(m);
        found.add(anomaly(o.key(), m, b, observed, score, track.window));
      }
    }
    return found;
  }

  /**
   * Replays a window the trail already holds, so that a restart does not start every baseline's
   * warm-up again. Windows come in time order per key; live observations may already have started
   * (the replay runs beside ingest), in which case a replayed window joins the history behind the
   * live one while there is room (median and MAD do not depend on order). Raises nothing: what
   * those windows held was judged when it happened.
   */
  public synchronized void replay(PastWindow w) {
    long window = Math.floorDiv(w.start().toEpochMilli(), windowMillis);
    Track track = tracks.computeIfAbsent(w.key(), k -> new Track(window));
    if (window < track.window) {
      track.addPast(w);
      return;
    }
    if (window > track.window) {
      track.roll(window);
    }
    track.requests += w.requests();
    track.volume += w.volume();
    track.replayedPatients =
        Math.min(settings.maxTrackedPatients(), track.replayedPatients + w.distinctPatients());
  }

  private Anomaly anomaly(
      BaselineKey key, Metric m, Baseline b, double observed, double score, long window) {
    Instant start = Instant.ofEpochMilli(window * windowMillis);
    Instant end = start.plusMillis(windowMillis);
    String explanation =
        String.format(
            Locale.ROOT,
            "client %s of participant %s reached %.0f %s on %s in the window starting %s;"
                + " its baseline over the last %d windows is a median of %.1f (robust z-score"
                + " %.1f, sensitivity %.1f)",
            key.clientId(),
            key.participantId(),
            observed,
            m.words(),
            key.resourceType(),
            start,
            settings.history(),
            b.median(),
            score,
            settings.sensitivity());
    return new Anomaly(
        UUID.randomUUID(), key, m, b.median(), observed, score, start, end, explanation);
  }

  private final class Track {
    long window;
    int seenWindows;
    long requests;
    long volume;
    long replayedPatients; // distinct patients of a replayed window, counted by the database
    final Set<String> patients = new HashSet<>();
    final Set<Metric> raised = EnumSet.noneOf(Metric.class);
    final Map<Metric, double[]> history = new EnumMap<>(Metric.class);
    final Map<Metric, Baseline> baselines = new EnumMap<>(Metric.class);
    int filled;
    int next;

    Track(long window) {
      this.window = window;
      for (Metric m : Metric.values()) {
        history.put(m, new double[settings.history()]);
      }
    }

    double current(Metric m) {
      return switch (m) {
        case REQUEST_RATE -> requests;
        case DISTINCT_PATIENTS ->
            Math.min(settings.maxTrackedPatients(), patients.size() + replayedPatients);
        case RETURNED_VOLUME -> volume;
      };
    }

    /** Closes the current window, and the silent ones up to {@code to}, into the history. */
    void roll(long to) {
      push();
      long silent = Math.min(to - window - 1, settings.history());
      requests = 0;
      volume = 0;
      replayedPatients = 0;
      patients.clear();
      for (long i = 0; i < silent; i++) {
        push();
      }
      window = to;
      raised.clear();
      for (Metric m : Metric.values()) {
        baselines.put(m, Baseline.of(history.get(m), filled));
      }
    }

    /** A closed window older than the live one, while the history has room for it. */
    void addPast(PastWindow w) {
      if (filled >= settings.history()) {
        return;
      }
      for (Metric m : Metric.values()) {
        double v = w.value(m);
        history.get(m)[next] =
            m == Metric.DISTINCT_PATIENTS ? Math.min(settings.maxTrackedPatients(), v) : v;
      }
      next = (next + 1) % settings.history();
      filled++;
      seenWindows = Math.min(seenWindows + 1, settings.history());
      for (Metric m : Metric.values()) {
        baselines.put(m, Baseline.of(history.get(m), filled));
      }
    }

    private void push() {
      for (Metric m : Metric.values()) {
        history.get(m)[next] = current(m);
      }
      next = (next + 1) % settings.history();
      filled = Math.min(filled + 1, settings.history());
      seenWindows = Math.min(seenWindows + 1, settings.history());
    }
  }
}
