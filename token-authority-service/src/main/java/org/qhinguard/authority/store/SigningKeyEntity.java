package org.qhinguard.authority.store;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One signing key; the private JWK never leaves this row except to sign. */
@Entity
@Table(name = "signing_key")
public class SigningKeyEntity extends PanacheEntityBase {

  @Id public String kid;

  @Column(nullable = false)
  public String algorithm;

  @Column(name = "private_jwk", nullable = false)
  public String privateJwk;

  @Column(name = "public_jwk", nullable = false)
  public String publicJwk;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "retired_at")
  public Instant retiredAt;

  @Column(name = "publish_until")
  public Instant publishUntil;

  public static Optional<SigningKeyEntity> current() {
    return find("retiredAt is null order by createdAt desc").firstResultOptional();
  }

  /** The current key and every retired key whose tokens may still be alive. */
  public static List<SigningKeyEntity> published(Instant now) {
    return list("retiredAt is null or publishUntil > ?1 order by createdAt desc", now);
  }

  @Override
  public String toString() {
    return "SigningKey[" + kid + ", " + algorithm + "]"; // never the private part
  }
}
