package org.qhinguard.authority.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;
import org.qhinguard.authority.config.AuthorityConfig;
import org.qhinguard.authority.domain.TokenInspector;
import org.qhinguard.authority.store.SigningKeyEntity;

/**
 * The authority's signing keys: generated at first start and kept in PostgreSQL so every replica
 * signs with the same current key. Rotation retires the current key but keeps publishing it until
 * the last token it signed has expired.
 */
@ApplicationScoped
public class SigningKeys {

  private static final Logger LOG = Logger.getLogger(SigningKeys.class);

  /** Serialises key creation and rotation across replicas (pg_advisory_xact_lock). */
  private static final long LOCK_ID = 0x716741757468L;

  private record Ring(
      PublicJsonWebKey current, String algorithm, Map<String, PublicJsonWebKey> published) {}

  private final AuthorityConfig config;
  private volatile Ring ring;
  private volatile Instant reloadedAt = Instant.EPOCH;

  public SigningKeys(AuthorityConfig config) {
    this.config = config;
  }

  void onStart(@Observes StartupEvent event) {
    QuarkusTransaction.requiringNew().run(this::ensureCurrentKey);
    reload();
  }

  private void ensureCurrentKey() {
    lock();
    if (SigningKeyEntity.current().isEmpty()) {
      SigningKeyEntity created = generate(Instant.now());
      created.persist();
      LOG.infof("generated signing key %s (%s)", created.kid, created.algorithm);
    }
  }

  /** Retires the current key and makes a new one current; returns the new kid. */
  public String rotate() {
    String kid =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  lock();
                  Instant now = Instant.now();
                  SigningKeyEntity.current()
                      .ifPresent(
                          old -> {
                            old.retiredAt = now;
                            old.publishUntil = now.plus(longestTokenLifetime());
                          });
                  SigningKeyEntity next = generate(now);
                  next.persist();
                  return next.kid;
                });
    LOG.infof("rotated signing keys; current is %s", kid);
    reload();
    return kid;
  }

  @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void rotateWhenOld() {
    Duration after = config.keys().rotateAfter();
    if (after.isZero() || after.isNegative()) {
      return;
    }
    boolean old =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    SigningKeyEntity.current()
                        .map(k -> k.createdAt.plus(after).isBefore(Instant.now()))
                        .orElse(true));
    if (old) {
      rotate();
    }
  }

  @Scheduled(every = "${qg.authority.keys.reload-every:30s}", delayed = "5s")
  void reload() {
    reloadedAt = Instant.now();
    List<SigningKeyEntity> rows =
        QuarkusTransaction.requiringNew().call(() -> SigningKeyEntity.published(Instant.now()));
    if (rows.isEmpty()) {
      return;
    }
    try {
      SigningKeyEntity currentRow =
          rows.stream().filter(r -> r.retiredAt == null).findFirst().orElse(rows.get(0));
      PublicJsonWebKey current = PublicJsonWebKey.Factory.newPublicJwk(currentRow.privateJwk);
      Map<String, PublicJsonWebKey> published =
          rows.stream()
              .collect(Collectors.toMap(r -> r.kid, r -> publicKey(r.publicJwk), (a, b) -> a));
      ring = new Ring(current, currentRow.algorithm, published);
    } catch (JoseException e) {
      throw new IllegalStateException("signing key row unreadable", e);
    }
  }

  /** The public keys to publish at /.well-known/jwks.json. */
  public String jwksJson() {
    return new JsonWebKeySet(List.<JsonWebKey>copyOf(ring.published().values()))
        .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  public String currentKid() {
    return ring.current().getKeyId();
  }

  public TokenInspector.OwnKeys ownKeys() {
    Function<String, Optional<JsonWebKey>> byKid =
        kid -> {
          PublicJsonWebKey key = ring.published().get(kid);
          if (key == null && reloadedAt.plusSeconds(5).isBefore(Instant.now())) {
            reload(); // another replica may have rotated; at most every 5 s
            key = ring.published().get(kid);
          }
          return Optional.ofNullable(key);
        };
    return new TokenInspector.OwnKeys(List.of("RS256", "ES256"), byKid);
  }

  /** Signs claims with the current key; {@code typ} at+jwt for access tokens (RFC 9068). */
  public String sign(JwtClaims claims, String typ) {
    Ring r = ring;
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(r.current().getPrivateKey());
    jws.setKeyIdHeaderValue(r.current().getKeyId());
    jws.setAlgorithmHeaderValue(r.algorithm());
    jws.setHeader("typ", typ);
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("cannot sign", e);
    }
  }

  private Duration longestTokenLifetime() {
    Duration a = config.tokens().internalLifetime();
    Duration b = config.tokens().partnerLifetime();
    return (a.compareTo(b) > 0 ? a : b).plus(config.clockSkew());
  }

  private SigningKeyEntity generate(Instant now) {
    String algorithm = config.keys().algorithm();
    try {
      PublicJsonWebKey jwk =
          switch (algorithm) {
            case "RS256" -> RsaJwkGenerator.generateJwk(2048);
            case "ES256" -> EcJwkGenerator.generateJwk(EllipticCurves.P256);
            default ->
                throw new IllegalStateException(
                    "qg.authority.keys.algorithm must be RS256 or ES256, not " + algorithm);
          };
      byte[] id = new byte[12];
      new java.security.SecureRandom().nextBytes(id);
      jwk.setKeyId(Base64.getUrlEncoder().withoutPadding().encodeToString(id));
      jwk.setAlgorithm(algorithm);
      jwk.setUse("sig");
      SigningKeyEntity e = new SigningKeyEntity();
      e.kid = jwk.getKeyId();
      e.algorithm = algorithm;
      e.privateJwk = jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
      e.publicJwk = jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
      e.createdAt = now;
      return e;
    } catch (JoseException e) {
      throw new IllegalStateException("cannot generate a signing key", e);
    }
  }

  private static PublicJsonWebKey publicKey(String json) {
    try {
      return PublicJsonWebKey.Factory.newPublicJwk(json);
    } catch (JoseException e) {
      throw new IllegalStateException("public key row unreadable", e);
    }
  }

  private static void lock() {
    SigningKeyEntity.getEntityManager()
        .createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(" + LOCK_ID + ")")
        .getSingleResult();
  }
}
