package org.qhinguard.policy.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Which participant owns a clientId; the primary key keeps it to one. */
@Entity
@Table(name = "participant_client")
public class ClientBinding extends PanacheEntityBase {

  @Id
  @Column(name = "client_id")
  public String clientId;

  @Column(name = "participant_id", nullable = false)
  public String participantId;

  public ClientBinding() {}

  public ClientBinding(String clientId, String participantId) {
    this.clientId = clientId;
    this.participantId = participantId;
  }
}
