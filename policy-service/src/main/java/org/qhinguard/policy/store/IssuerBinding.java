package org.qhinguard.policy.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Which participant owns a issuer; the primary key keeps it to one. */
@Entity
@Table(name = "participant_issuer")
public class IssuerBinding extends PanacheEntityBase {

  @Id
  @Column(name = "issuer")
  public String issuer;

  @Column(name = "participant_id", nullable = false)
  public String participantId;

  public IssuerBinding() {}

  public IssuerBinding(String issuer, String participantId) {
    this.issuer = issuer;
    this.participantId = participantId;
  }
}
