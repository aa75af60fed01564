package org.qhinguard.audit.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.qhinguard.audit.anomaly.Anomaly;

/** A stored anomaly; {@code publishedAt} stays null until the broker confirmed its event. */
@Entity
@Table(name = "anomaly")
public class AnomalyEntity extends PanacheEntityBase {
  @Id public UUID id;

  @Column(name = "participant_id")
  public String participantId;

  @Column(name = "client_id")
  public String clientId;

  @Column(name = "resource_type")
  public String resourceType;

  public String metric;
  public double baseline;
  public double observed;
  public double score;

  @Column(name = "window_start")
  public Instant windowStart;

  @Column(name = "window_end")
  public Instant windowEnd;

  public String explanation;

  @Column(name = "raised_at")
  public Instant raisedAt;

  @Column(name = "published_at")
  public Instant publishedAt;

  public static AnomalyEntity of(Anomaly a, Instant raisedAt) {
    AnomalyEntity e = new AnomalyEntity();
    e.id = a.id();
    e.participantId = a.key().participantId();
    e.clientId = a.key().clientId();
    e.resourceType = a.key().resourceType();
    e.metric = a.metric().name();
    e.baseline = a.baseline();
    e.observed = a.observed();
    e.score = a.score();
    e.windowStart = a.windowStart();
    e.windowEnd = a.windowEnd();
    e.explanation = a.explanation();
    e.raisedAt = raisedAt;
    return e;
  }

  public static List<AnomalyEntity> unpublished(int max) {
    return find("publishedAt is null order by raisedAt").page(0, max).list();
  }
}
