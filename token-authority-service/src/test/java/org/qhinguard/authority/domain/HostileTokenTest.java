package org.qhinguard.authority.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.qhinguard.authority.domain.Introspection.Active;
import org.qhinguard.authority.domain.Introspection.Inactive;
import org.qhinguard.authority.support.InMemoryPolicy;
import org.qhinguard.authority.support.Jwts;
import org.qhinguard.authority.support.Network;

/**
 * The hostile-token suite: every token here is refused (inactive, or 400 for what is no token at
 * all), each for its own reason. The honest tokens at the end prove the checks can pass.
 */
class HostileTokenTest {

  static final String OWN_ISSUER = "https://authority.test.qhin-guard.invalid";
  static final PublicJsonWebKey OWN_KEY = rsa("own-1");
  static final Set<String> REVOKED = Set.of("revoked-jti");

  static final InMemoryPolicy POLICY = new InMemoryPolicy();

  static {
    POLICY.reset(Network.snapshots());
  }

  static final KeyLookup INLINE =
      (set, kid) -> {
        try {
          return Optional.ofNullable(
              new JsonWebKeySet(set.jwks()).findJsonWebKey(kid, null, null, null));
        } catch (JoseException e) {
          return Optional.empty();
        }
      };

  static final TokenInspector INSPECTOR =
      new TokenInspector(
          OWN_ISSUER,
          new TokenInspector.OwnKeys(
              List.of("RS256", "ES256"),
              kid ->
                  kid.equals(OWN_KEY.getKeyId())
                      ? Optional.<JsonWebKey>of(OWN_KEY)
                      : Optional.empty()),
          POLICY,
          INLINE,
          REVOKED::contains,
          List.of("RS256", "PS256", "ES256"),
          Duration.ofSeconds(60),
          16384,
          Clock.systemUTC());

  static TokenInspector.Caller caller() {
    return new TokenInspector.Caller(Network.RS_CLIENT, POLICY.get(Network.FHIR).orElseThrow());
  }

  static Introspection inspect(String token) {
    return INSPECTOR.inspect(token, caller(), null);
  }

  static long now() {
    return Instant.now().getEpochSecond();
  }

  static Jwts good() {
    return Jwts.partnerToken();
  }

  static String swapPayload(String token, String payloadJson) {
    String[] p = token.split("\\.");
    return p[0] + "." + Jwts.b64(payloadJson) + "." + p[2];
  }

  static String swapHeader(String token, String headerJson) {
    String[] p = token.split("\\.");
    return Jwts.b64(headerJson) + "." + p[1] + "." + p[2];
  }

  static Arguments hostile(String name, String token) {
    return Arguments.of(name, token);
  }

  static Stream<Arguments> hostileTokens() {
    String goodToken = good().sign();
    String goodClaims = good().claimsJson();
    byte[] rsaPublic = Network.ISSUER_KEY.getPublicKey().getEncoded();
    PublicJsonWebKey attacker = rsa("attacker");
    return Stream.of(
        hostile(
            "alg none without signature",
            Jwts.raw("{\"alg\":\"none\",\"kid\":\"partner-issuer-1\"}", goodClaims, "")),
        hostile(
            "alg none with a signature part",
            Jwts.raw("{\"alg\":\"none\",\"kid\":\"partner-issuer-1\"}", goodClaims, "c2ln")),
        hostile(
            "alg None in another case",
            Jwts.raw("{\"alg\":\"None\",\"kid\":\"partner-issuer-1\"}", goodClaims, "c2ln")),
        hostile(
            "HS256 signed with the RSA public key as secret",
            good().header("alg", "HS256").signedWithKey(new HmacKey(rsaPublic)).sign()),
        hostile(
            "HS384 signed with the RSA public key as secret",
            good().header("alg", "HS384").signedWithKey(new HmacKey(rsaPublic)).sign()),
        hostile(
            "HS512 signed with the RSA public key as secret",
            good().header("alg", "HS512").signedWithKey(new HmacKey(rsaPublic)).sign()),
        hostile(
            "signed by a stranger's key under the issuer's kid",
            good().signedWith(Network.STRANGER_KEY).sign()),
        hostile("kid missing", good().header("kid", null).sign()),
        hostile("kid unknown", good().header("kid", "no-such-key").sign()),
        hostile(
            "kid path traversal injection", good().header("kid", "../../../../dev/null").sign()),
        hostile("kid SQL injection", good().header("kid", "x' OR '1'='1").sign()),
        hostile(
            "kid of a key registered to another owner",
            good().header("kid", Network.APP_KEY.getKeyId()).signedWith(Network.APP_KEY).sign()),
        hostile("kid not a string", good().header("kid", 42).sign()),
        hostile(
            "jku header pointing at the attacker's keys",
            good()
                .header("jku", "https://attacker.test/jwks.json")
                .header("kid", "attacker")
                .signedWith(attacker)
                .sign()),
        hostile(
            "jku header next to a valid signature",
            good().header("jku", "https://attacker.test/jwks.json").sign()),
        hostile("x5u header", good().header("x5u", "https://attacker.test/cert.pem").sign()),
        hostile(
            "embedded jwk header with the attacker's key",
            good()
                .header("jwk", attacker.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
                .header("kid", "attacker")
                .signedWith(attacker)
                .sign()),
        hostile("x5c header", good().header("x5c", List.of("MIIB")).sign()),
        hostile(
            "unknown crit header",
            good().header("crit", List.of("urn:evil:ext")).header("urn:evil:ext", true).sign()),
        hostile(
            "crit b64 false",
            Jwts.raw(
                "{\"alg\":\"RS256\",\"kid\":\"partner-issuer-1\",\"crit\":[\"b64\"],\"b64\":false}",
                goodClaims,
                "c2ln")),
        hostile("cty JWT announcing a nested token", good().header("cty", "JWT").sign()),
        hostile("nested JWT as the payload", good().rawPayload(goodToken).sign()),
        hostile("zip header", good().header("zip", "DEF").sign()),
        hostile(
            "ES256 header over an RSA kid",
            good().header("alg", "ES256").signedWith(Network.ISSUER_EC_KEY).sign()),
        hostile(
            "RS256 header over an EC kid",
            good().header("kid", Network.ISSUER_EC_KEY.getKeyId()).sign()),
        hostile(
            "RS512 is not on the participant's allow-list", good().header("alg", "RS512").sign()),
        hostile(
            "PS256 header over an RS256 signature",
            swapHeader(
                goodToken, "{\"alg\":\"PS256\",\"typ\":\"at+jwt\",\"kid\":\"partner-issuer-1\"}")),
        hostile(
            "alg missing",
            Jwts.raw("{\"typ\":\"at+jwt\",\"kid\":\"partner-issuer-1\"}", goodClaims, "c2ln")),
        hostile(
            "expired an hour ago",
            good().claim("exp", now() - 3600).claim("iat", now() - 3900).sign()),
        hostile(
            "expired just beyond the clock skew",
            good()
                .claim("exp", now() - 61)
                .claim("iat", now() - 300)
                .claim("nbf", now() - 300)
                .sign()),
        hostile("not yet valid (nbf in an hour)", good().claim("nbf", now() + 3600).sign()),
        hostile(
            "issued in the future",
            good().claim("iat", now() + 3600).claim("exp", now() + 3900).sign()),
        hostile("lifetime beyond the policy's maximum", good().claim("exp", now() + 7200).sign()),
        hostile("exp missing", good().claim("exp", null).sign()),
        hostile("iat missing", good().claim("iat", null).sign()),
        hostile("exp as a string", good().claim("exp", "9999999999").sign()),
        hostile("exp before iat", good().claim("exp", now() + 10).claim("iat", now() + 20).sign()),
        hostile(
            "wrong audience: another network's FHIR server",
            good().claim("aud", Network.OTHER_AUDIENCE).sign()),
        hostile("aud missing", good().claim("aud", null).sign()),
        hostile(
            "aud array of foreign audiences only",
            good().audiences(Network.OTHER_AUDIENCE, "https://x.test").sign()),
        hostile(
            "aud look-alike with a trailing slash",
            good().claim("aud", Network.FHIR_AUDIENCE + "/").sign()),
        hostile("aud as a number", good().claim("aud", 123).sign()),
        hostile("wrong issuer", good().claim("iss", "https://evil.test").sign()),
        hostile(
            "look-alike issuer with a trailing slash",
            good().claim("iss", Network.PARTNER_ISSUER + "/").sign()),
        hostile(
            "look-alike issuer as a prefix",
            good().claim("iss", Network.PARTNER_ISSUER + ".evil.test").sign()),
        hostile(
            "look-alike issuer in upper case",
            good().claim("iss", "https://ISSUER.partner.test").sign()),
        hostile(
            "look-alike issuer with a Cyrillic a",
            good().claim("iss", "https://issuer.p\u0430rtner.test").sign()),
        hostile("iss missing", good().claim("iss", null).sign()),
        hostile("iss as an array", good().claim("iss", List.of(Network.PARTNER_ISSUER)).sign()),
        hostile(
            "tampered payload: scope widened after signing",
            swapPayload(goodToken, good().claim("scope", "system/*.cruds").claimsJson())),
        hostile(
            "tampered payload: exp extended after signing",
            swapPayload(goodToken, good().claim("exp", now() + 3000).claimsJson())),
        hostile("truncated signature", goodToken.substring(0, goodToken.length() - 10)),
        hostile("truncated to two parts", goodToken.substring(0, goodToken.lastIndexOf('.'))),
        hostile("signature stripped", goodToken.substring(0, goodToken.lastIndexOf('.') + 1)),
        hostile("four parts", goodToken + ".eyJ9"),
        hostile("five parts like a JWE", "eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d"),
        hostile("non-JSON header", Jwts.raw("not json", goodClaims, "c2ln")),
        hostile("non-JSON payload", good().rawPayload("scope=system/*.rs").sign()),
        hostile("payload a JSON array", good().rawPayload("[" + goodClaims + "]").sign()),
        hostile("payload followed by trailing JSON", good().rawPayload(goodClaims + "{}").sign()),
        hostile("padded base64 header", goodToken.replaceFirst("\\.", "=.")),
        hostile("base64 (not url) characters", goodToken.replaceFirst("\\.", "+/.")),
        hostile(
            "duplicate scope claim",
            good()
                .rawPayload(goodClaims.replaceFirst("\\{", "{\"scope\":\"system/*.cruds\","))
                .sign()),
        hostile(
            "duplicate iss claim",
            good()
                .rawPayload(goodClaims.replaceFirst("\\{", "{\"iss\":\"https://evil.test\","))
                .sign()),
        hostile(
            "scope escalation to system/*.cruds", good().claim("scope", "system/*.cruds").sign()),
        hostile(
            "scope escalation patient to user",
            good().claim("scope", "user/Observation.rs").claim("patient", "pat-1").sign()),
        hostile(
            "patient scope without a patient",
            good().claim("scope", "patient/Observation.rs").sign()),
        hostile("scope missing", good().claim("scope", null).sign()),
        hostile(
            "suspended participant",
            good()
                .claim("iss", Network.SUSPENDED_ISSUER)
                .header("kid", Network.SUSPENDED_KEY.getKeyId())
                .signedWith(Network.SUSPENDED_KEY)
                .sign()),
        hostile("revoked jti", good().claim("jti", "revoked-jti").sign()),
        hostile("jti missing", good().claim("jti", null).sign()),
        hostile("client_id missing", good().claim("client_id", null).sign()),
        hostile("sub missing", good().claim("sub", null).sign()),
        hostile("unknown purpose_of_use", good().claim("purpose_of_use", "T-EVIL").sign()),
        hostile("purpose_of_use beyond the policy", good().claim("purpose_of_use", "T-PH").sign()),
        hostile("typ missing where the policy requires at+jwt", good().header("typ", null).sign()),
        hostile("typ JWT where the policy requires at+jwt", good().header("typ", "JWT").sign()),
        hostile("typ of a DPoP proof", good().header("typ", "dpop+jwt").sign()),
        hostile(
            "own issuer but signed by the partner's key",
            good().claim("iss", OWN_ISSUER).claim("participant_id", Network.PARTNER).sign()),
        hostile(
            "own issuer with a participant_id that is not the client's",
            good()
                .claim("iss", OWN_ISSUER)
                .claim("participant_id", Network.FHIR)
                .header("kid", OWN_KEY.getKeyId())
                .signedWith(OWN_KEY)
                .sign()),
        hostile("empty JSON header", Jwts.raw("{}", goodClaims, "c2ln")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileTokens")
  void hostileTokenIsInactive(String name, String token) {
    Introspection result = inspect(token);
    assertThat(result).as(name).isInstanceOf(Inactive.class);
    assertThat(((Inactive) result).reason()).as(name).isNotBlank();
  }

  @Test
  void countsAtLeastSixtyHostileCases() {
    assertThat(hostileTokens().count()).isGreaterThanOrEqualTo(60);
  }

  @Test
  void oversizedTokenIsRefusedWith400() {
    String huge = good().claim("pad", "x".repeat(17 * 1024)).sign();
    assertThatThrownBy(() -> inspect(huge))
        .isInstanceOfSatisfying(
            AuthorityException.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void emptyTokenIsRefusedWith400() {
    assertThatThrownBy(() -> inspect(" "))
        .isInstanceOfSatisfying(
            AuthorityException.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void scopeBeyondTheCeilingIsFlaggedAsEscalation() {
    Introspection result =
        inspect(good().claim("scope", "system/Observation.rs system/*.cruds").sign());
    assertThat(result)
        .isInstanceOfSatisfying(
            Inactive.class,
            i -> {
              assertThat(i.escalation()).isTrue();
              assertThat(i.participantId()).isEqualTo(Network.PARTNER);
            });
  }

  @Test
  void resourceThatIsNotTheCallersAudienceIsInactive() {
    Introspection result =
        INSPECTOR.inspect(
            good().claim("aud", Network.OTHER_AUDIENCE).sign(), caller(), Network.OTHER_AUDIENCE);
    assertThat(result).isInstanceOf(Inactive.class);
  }

  @Test
  void unreachablePolicyFailsClosed() {
    PolicyView down =
        new PolicyView() {
          public Optional<org.qhinguard.common.policy.ParticipantSnapshot> byIssuer(String i) {
            throw new PolicyUnavailableException("down", null);
          }

          public Optional<org.qhinguard.common.policy.ParticipantSnapshot> byClient(String c) {
            throw new PolicyUnavailableException("down", null);
          }

          public Optional<org.qhinguard.common.policy.ParticipantSnapshot> byAudience(String a) {
            throw new PolicyUnavailableException("down", null);
          }

          public Optional<org.qhinguard.common.policy.ParticipantSnapshot> byParticipant(String p) {
            throw new PolicyUnavailableException("down", null);
          }

          public Decision decide(DecisionRequest r) {
            throw new PolicyUnavailableException("down", null);
          }
        };
    TokenInspector inspector =
        new TokenInspector(
            OWN_ISSUER,
            new TokenInspector.OwnKeys(List.of("RS256"), k -> Optional.empty()),
            down,
            INLINE,
            j -> false,
            List.of("RS256"),
            Duration.ofSeconds(60),
            16384,
            Clock.systemUTC());
    Introspection result = inspector.inspect(good().sign(), caller(), null);
    assertThat(result)
        .isInstanceOfSatisfying(Inactive.class, i -> assertThat(i.failedClosed()).isTrue());
  }

  @Test
  void participantRequiringDpopFailsClosed() {
    InMemoryPolicy dpop = new InMemoryPolicy();
    dpop.reset(Network.snapshots());
    dpop.put(Network.partnerRequiringDpop());
    TokenInspector inspector =
        new TokenInspector(
            OWN_ISSUER,
            new TokenInspector.OwnKeys(List.of("RS256"), k -> Optional.empty()),
            dpop,
            INLINE,
            j -> false,
            List.of("RS256"),
            Duration.ofSeconds(60),
            16384,
            Clock.systemUTC());
    assertThat(inspector.inspect(good().sign(), caller(), null)).isInstanceOf(Inactive.class);
  }

  @Test
  void honestRs256PartnerTokenIsActiveWithItsGrantedScope() {
    Introspection result = inspect(good().claim("scope", "system/Observation.rs").sign());
    assertThat(result)
        .isInstanceOfSatisfying(
            Active.class,
            a -> {
              assertThat(a.scope()).isEqualTo("system/Observation.rs");
              assertThat(a.participantId()).isEqualTo(Network.PARTNER);
              assertThat(a.purposeOfUse()).isEqualTo("T-TRTMNT");
            });
  }

  @Test
  void honestEs256PartnerTokenIsActive() {
    String token =
        good()
            .header("alg", "ES256")
            .header("kid", Network.ISSUER_EC_KEY.getKeyId())
            .signedWith(Network.ISSUER_EC_KEY)
            .sign();
    assertThat(inspect(token)).isInstanceOf(Active.class);
  }

  @Test
  void honestPatientTokenCarriesThePatient() {
    String token = good().claim("scope", "patient/Observation.rs").claim("patient", "pat-7").sign();
    assertThat(inspect(token))
        .isInstanceOfSatisfying(Active.class, a -> assertThat(a.patient()).isEqualTo("pat-7"));
  }

  @Test
  void honestTokenOfTheAuthorityItselfIsActive() {
    String token =
        good()
            .claim("iss", OWN_ISSUER)
            .claim("participant_id", Network.PARTNER)
            .header("kid", OWN_KEY.getKeyId())
            .signedWith(OWN_KEY)
            .sign();
    assertThat(inspect(token)).isInstanceOf(Active.class);
  }

  static PublicJsonWebKey rsa(String kid) {
    try {
      PublicJsonWebKey k = org.jose4j.jwk.RsaJwkGenerator.generateJwk(2048);
      k.setKeyId(kid);
      return k;
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }
}
