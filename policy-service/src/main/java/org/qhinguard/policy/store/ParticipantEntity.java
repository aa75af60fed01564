package org.qhinguard.policy.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.qhinguard.common.policy.ParticipantKind;
import org.qhinguard.common.policy.ParticipantStatus;

/** The current version of a participant; its snapshot column is the whole aggregate as JSON. */
@Entity
@Table(name = "participant")
public class ParticipantEntity extends PanacheEntityBase {

  @Id public String id;

  @Column(name = "display_name", nullable = false)
  public String displayName;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public ParticipantKind kind;

  @Column(name = "qhin_id", nullable = false)
  public String qhinId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public ParticipantStatus status;

  @Column(nullable = false)
  public long version;

  @Column(nullable = false, columnDefinition = "text")
  public String snapshot;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;
}
