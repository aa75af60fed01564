package org.qhinguard.authority.support;

import io.quarkus.elytron.security.common.BcryptUtil;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;
import org.qhinguard.common.policy.ParticipantKind;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.common.policy.ParticipantSnapshot.RegisteredClient;
import org.qhinguard.common.policy.ParticipantSnapshot.TokenIssuer;
import org.qhinguard.common.policy.ParticipantSnapshot.TrustPolicy;
import org.qhinguard.common.policy.ParticipantStatus;

/**
 * A small test network, with keys generated for this JVM: a participant that runs the FHIR server
 * (its resource server calls introspection), a partner that issues tokens and runs a backend app, a
 * suspended participant, and a participant of another network.
 */
public final class Network {
  private Network() {}

  public static final String FHIR = "p-fhir";
  public static final String FHIR_AUDIENCE = "https://fhir.test.qhin-guard.invalid/r4";
  public static final String RS_CLIENT = "rs-client";
  public static final String RS_SECRET = "rs-secret";
  public static final String RS_BASIC_ONLY = "rs-basic-only";

  public static final String PARTNER = "p-partner";
  public static final String PARTNER_ISSUER = "https://issuer.partner.test";
  public static final String PARTNER_APP = "partner-app";

  public static final String SUSPENDED = "p-suspended";
  public static final String SUSPENDED_ISSUER = "https://issuer.suspended.test";

  public static final String OTHER = "p-other-network";
  public static final String OTHER_AUDIENCE = "https://fhir.other-network.test/r4";

  public static final PublicJsonWebKey ISSUER_KEY = rsa("partner-issuer-1");
  public static final PublicJsonWebKey URI_ISSUER_KEY = rsa("uri-issuer-1");
  public static final String URI_PARTNER = "p-uri-partner";
  public static final String URI_ISSUER = "https://issuer.uri-partner.test";
  public static final PublicJsonWebKey ISSUER_EC_KEY = ec("partner-issuer-ec");
  public static final PublicJsonWebKey APP_KEY = rsa("partner-app-1");
  public static final PublicJsonWebKey RS_KEY = rsa("rs-client-1");
  public static final PublicJsonWebKey SUSPENDED_KEY = rsa("suspended-1");
  public static final PublicJsonWebKey STRANGER_KEY = rsa("partner-issuer-1");

  private static final String RS_HASH = BcryptUtil.bcryptHash(RS_SECRET);

  public static List<ParticipantSnapshot> snapshots() {
    return List.of(fhir(1), partner(1, ParticipantStatus.ACTIVE), suspended(), other());
  }

  public static ParticipantSnapshot fhir(long version) {
    return new ParticipantSnapshot(
        FHIR,
        "FHIR server operator",
        ParticipantKind.PARTICIPANT,
        "qhin-1",
        ParticipantStatus.ACTIVE,
        version,
        List.of(),
        List.of(FHIR_AUDIENCE),
        List.of(
            new RegisteredClient(
                RS_CLIENT,
                jwks(RS_KEY),
                null,
                List.of("client_credentials"),
                List.of("private_key_jwt", "client_secret_basic"),
                RS_HASH,
                List.of()),
            new RegisteredClient(
                RS_BASIC_ONLY,
                null,
                null,
                List.of(),
                List.of("private_key_jwt"),
                RS_HASH,
                List.of())),
        policy(List.of("system/*.rs"), 3600, false));
  }

  public static ParticipantSnapshot partner(long version, ParticipantStatus status) {
    return new ParticipantSnapshot(
        PARTNER,
        "Partner network",
        ParticipantKind.PARTICIPANT,
        "qhin-2",
        status,
        version,
        List.of(new TokenIssuer(PARTNER_ISSUER, null, jwks(ISSUER_KEY, ISSUER_EC_KEY))),
        List.of(),
        List.of(
            new RegisteredClient(
                PARTNER_APP,
                jwks(APP_KEY),
                null,
                List.of("client_credentials"),
                List.of("private_key_jwt"),
                null,
                List.of())),
        policy(
            List.of("system/Observation.rs", "system/Patient.r", "patient/Observation.rs"),
            3600,
            true));
  }

  /** The partner, under a policy that demands DPoP-bound tokens. */
  public static ParticipantSnapshot partnerRequiringDpop() {
    ParticipantSnapshot p = partner(1, ParticipantStatus.ACTIVE);
    TrustPolicy t = p.policy();
    return new ParticipantSnapshot(
        p.participantId(),
        p.displayName(),
        p.kind(),
        p.qhinId(),
        p.status(),
        p.version(),
        p.issuers(),
        p.audiences(),
        p.clients(),
        new TrustPolicy(
            t.scopeCeiling(),
            t.purposes(),
            t.resourceInteractions(),
            t.signingAlgorithms(),
            t.maxTokenLifetimeSeconds(),
            true,
            t.requireAtJwtTyp(),
            t.rateLimit(),
            t.minimization()));
  }

  /** A partner whose issuer publishes its keys at a JWKS URI. */
  public static ParticipantSnapshot uriPartner(String jwksUri) {
    return new ParticipantSnapshot(
        URI_PARTNER,
        "Partner with a JWKS URI",
        ParticipantKind.PARTICIPANT,
        "qhin-4",
        ParticipantStatus.ACTIVE,
        1,
        List.of(new TokenIssuer(URI_ISSUER, jwksUri, null)),
        List.of(),
        List.of(),
        policy(List.of("system/*.rs"), 3600, false));
  }

  static ParticipantSnapshot suspended() {
    return new ParticipantSnapshot(
        SUSPENDED,
        "Suspended participant",
        ParticipantKind.PARTICIPANT,
        "qhin-3",
        ParticipantStatus.SUSPENDED,
        1,
        List.of(new TokenIssuer(SUSPENDED_ISSUER, null, jwks(SUSPENDED_KEY))),
        List.of(),
        List.of(),
        policy(List.of("system/*.rs"), 3600, false));
  }

  static ParticipantSnapshot other() {
    return new ParticipantSnapshot(
        OTHER,
        "Another network's FHIR server",
        ParticipantKind.QHIN,
        "qhin-9",
        ParticipantStatus.ACTIVE,
        1,
        List.of(),
        List.of(OTHER_AUDIENCE),
        List.of(),
        policy(List.of("system/*.rs"), 3600, false));
  }

  static TrustPolicy policy(List<String> ceiling, long maxLifetime, boolean atJwt) {
    return new TrustPolicy(
        ceiling,
        List.of("T-TRTMNT", "T-PYMNT"),
        Map.of(),
        List.of("RS256", "PS256", "ES256"),
        maxLifetime,
        false,
        atJwt,
        new ParticipantSnapshot.RateLimit(600, 100),
        Map.of());
  }

  public static String jwks(PublicJsonWebKey... keys) {
    return new JsonWebKeySet(List.<JsonWebKey>of(keys))
        .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  static PublicJsonWebKey rsa(String kid) {
    try {
      PublicJsonWebKey k = RsaJwkGenerator.generateJwk(2048);
      k.setKeyId(kid);
      return k;
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  static PublicJsonWebKey ec(String kid) {
    try {
      PublicJsonWebKey k = EcJwkGenerator.generateJwk(EllipticCurves.P256);
      k.setKeyId(kid);
      return k;
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }
}
