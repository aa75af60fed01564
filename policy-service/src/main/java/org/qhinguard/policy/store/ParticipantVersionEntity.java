package org.qhinguard.policy.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.qhinguard.policy.domain.ChangeKind;

/** One committed version of a participant, kept forever. */
@Entity
@Table(name = "participant_version")
public class ParticipantVersionEntity extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "participant_id", nullable = false)
  public String participantId;

  @Column(nullable = false)
  public long version;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public ChangeKind change;

  @Column(name = "changed_by", nullable = false)
  public String changedBy;

  @Column(name = "changed_at", nullable = false)
  public Instant changedAt;

  public String reason;

  /** The list of {@code ChangeDiff.Change} as JSON, secret hashes redacted. */
  @Column(nullable = false, columnDefinition = "text")
  public String diff;

  @Column(nullable = false, columnDefinition = "text")
  public String snapshot;
}
