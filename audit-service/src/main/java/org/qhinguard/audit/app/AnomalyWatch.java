package org.qhinguard.audit.app;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import org.qhinguard.audit.anomaly.AccessObservation;
import org.qhinguard.audit.anomaly.Anomaly;
import org.qhinguard.audit.anomaly.BaselineDetector;
import org.qhinguard.audit.anomaly.BaselineKey;
import org.qhinguard.audit.anomaly.DetectorSettings;
import org.qhinguard.audit.config.AuditConfig;
import org.qhinguard.audit.messaging.AnomalyPublisher;
import org.qhinguard.audit.store.AccessWindows;
import org.qhinguard.audit.store.AnomalyEntity;
import org.qhinguard.audit.trail.AuditRecord;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.EventType;

/**
 * Feeds stored FHIR accesses to the baseline detector, keeps what it raises and publishes it on the
 * bus. The anomaly table is its own outbox: an anomaly is published until the broker confirms.
 */
@ApplicationScoped
public class AnomalyWatch {
  private static final Logger LOG = Logger.getLogger(AnomalyWatch.class);
  private static final int PUBLISH_BATCH = 100;

  private final BaselineDetector detector;
  private final AnomalyPublisher publisher;
  private final ManagedExecutor executor;
  private final AccessWindows windows;
  private final Clock clock;
  private final boolean rebuildOnStart;

  public AnomalyWatch(
      AuditConfig config,
      AnomalyPublisher publisher,
      ManagedExecutor executor,
      AccessWindows windows,
      Clock clock) {
    this.detector = new BaselineDetector(config.anomaly().settings());
    this.publisher = publisher;
    this.executor = executor;
    this.windows = windows;
    this.clock = clock;
    this.rebuildOnStart = config.anomaly().rebuildOnStart();
  }

  /**
   * Baselines live in memory; after a restart they are rebuilt from the closed windows the trail
   * holds, so that no client gets a new warm-up in which a scrape would pass unseen. The rebuild
   * runs beside ingest, never in its way: on a large trail its query takes a while.
   */
  void onStart(@Observes StartupEvent ev) {
    if (rebuildOnStart) {
      executor.runAsync(this::rebuild);
    }
  }

  void rebuild() {
    DetectorSettings s = detector.settings();
    long windowMillis = s.window().toMillis();
    Instant current =
        Instant.ofEpochMilli(
            Math.floorDiv(clock.instant().toEpochMilli(), windowMillis) * windowMillis);
    Instant from = current.minus(s.window().multipliedBy(s.history()));
    try {
      long n = windows.windows(s.window(), from, current, detector::replay);
      LOG.infof("anomaly baselines rebuilt from %d past windows since %s", n, from);
    } catch (SQLException | RuntimeException e) {
      LOG.errorf(e, "anomaly baselines could not be rebuilt; they are learnt again from now");
    }
  }

  /** Called with the records just committed, in chain order. */
  public void observe(List<AuditRecord> stored) {
    List<Anomaly> raised = new ArrayList<>(0);
    String fhirAccess = AuditAction.FHIR_ACCESS.name();
    String recorded = EventType.AUDIT_RECORDED.type();
    for (AuditRecord r : stored) {
      var e = r.entry();
      if (recorded.equals(e.type()) && fhirAccess.equals(e.action())) {
        BaselineKey key = new BaselineKey(e.participantId(), e.clientId(), e.resourceType());
        int returned = e.resultCount() == null ? 0 : e.resultCount();
        raised.addAll(
            detector.observe(new AccessObservation(key, e.eventTime(), e.patientIds(), returned)));
      }
    }
    if (!raised.isEmpty()) {
      keep(raised);
      executor.runAsync(this::publishPending);
    }
  }

  @Transactional
  void keep(List<Anomaly> raised) {
    Instant now = clock.instant();
    for (Anomaly a : raised) {
      LOG.warnf("anomaly %s: %s", a.id(), a.explanation());
      AnomalyEntity.of(a, now).persist();
    }
  }

  /** Publishes what the broker has not confirmed yet; retried on a schedule. */
  @Scheduled(
      every = "${qg.audit.anomaly.republish-every}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  synchronized void publishPending() {
    for (AnomalyEntity a : pending()) {
      try {
        publisher.publish(a).toCompletableFuture().get(10, TimeUnit.SECONDS);
        markPublished(a.id);
      } catch (Exception e) {
        LOG.warnf("anomaly %s not published yet (%s); retrying later", a.id, e.toString());
        return;
      }
    }
  }

  @Transactional
  List<AnomalyEntity> pending() {
    return AnomalyEntity.unpublished(PUBLISH_BATCH);
  }

  @Transactional
  void markPublished(UUID id) {
    AnomalyEntity.update(
        "publishedAt = :now where id = :id", Parameters.with("now", clock.instant()).and("id", id));
  }

  /** Where a page of anomalies ended. */
  public record AnomalyCursor(Instant raisedAt, UUID id) {}

  /** Anomalies newest first, optionally of one participant or client. */
  @Transactional
  public List<AnomalyEntity> list(
      String participantId, String clientId, AnomalyCursor below, int limit) {
    StringBuilder q = new StringBuilder("1 = 1");
    Parameters p = new Parameters();
    if (participantId != null) {
      q.append(" and participantId = :participant");
      p = p.and("participant", participantId);
    }
    if (clientId != null) {
      q.append(" and clientId = :client");
      p = p.and("client", clientId);
    }
    if (below != null) {
      q.append(" and (raisedAt < :at or (raisedAt = :at and id < :id))");
      p = p.and("at", below.raisedAt()).and("id", below.id());
    }
    q.append(" order by raisedAt desc, id desc");
    PanacheQuery<AnomalyEntity> query = AnomalyEntity.find(q.toString(), p);
    return query.page(0, limit).list();
  }
}
