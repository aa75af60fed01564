package org.qhinguard.policy.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Which participant owns a audience; the primary key keeps it to one. */
@Entity
@Table(name = "participant_audience")
public class AudienceBinding extends PanacheEntityBase {

  @Id
  @Column(name = "audience")
  public String audience;

  @Column(name = "participant_id", nullable = false)
  public String participantId;

  public AudienceBinding() {}

  public AudienceBinding(String audience, String participantId) {
    this.audience = audience;
    this.participantId = participantId;
  }
}
