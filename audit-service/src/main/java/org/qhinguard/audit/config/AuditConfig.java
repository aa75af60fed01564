package org.qhinguard.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import org.qhinguard.audit.anomaly.DetectorSettings;

/** audit-service settings ({@code qg.audit.*}); every one has a default and an env override. */
@ConfigMapping(prefix = "qg.audit")
public interface AuditConfig {

  Ingest ingest();

  Anomaly anomaly();

  Query query();

  /** How bus events become rows. */
  interface Ingest {
    /** Events written per transaction at most. */
    @WithDefault("2000")
    int batchSize();

    /** Threads decoding deliveries (CloudEvents JSON to entries) ahead of the writer. */
    @WithDefault("2")
    int decoders();

    /** How long a non-full batch waits for more events before it is written. */
    @WithDefault("PT0.005S")
    Duration linger();

    /** First wait before a batch is retried when the database is unreachable (doubles, capped). */
    @WithDefault("PT0.5S")
    Duration retryBackoff();

    @WithDefault("PT30S")
    Duration maxRetryBackoff();
  }

  /** The baseline detector, see {@link DetectorSettings}. */
  interface Anomaly {
    @WithDefault("PT1M")
    Duration window();

    @WithDefault("60")
    int history();

    @WithDefault("30")
    int warmUpWindows();

    @WithDefault("6.0")
    double sensitivity();

    @WithDefault("3.0")
    double minRatio();

    @WithDefault("20")
    double minObserved();

    @WithDefault("10000")
    int maxTrackedPatients();

    @WithDefault("100000")
    int maxTrackedClients();

    /**
     * Whether baselines are rebuilt from the trail at startup (one aggregate query over the last
     * {@code history} windows, beside ingest); without it every client warms up again.
     */
    @WithDefault("true")
    boolean rebuildOnStart();

    /** How often anomalies the broker has not confirmed yet are published again. */
    @WithDefault("5s")
    String republishEvery();

    default DetectorSettings settings() {
      return new DetectorSettings(
          window(),
          history(),
          warmUpWindows(),
          sensitivity(),
          minRatio(),
          minObserved(),
          maxTrackedPatients(),
          maxTrackedClients());
    }
  }

  /** Paging of the query API. */
  interface Query {
    @WithDefault("100")
    int defaultLimit();

    @WithDefault("1000")
    int maxLimit();
  }
}
