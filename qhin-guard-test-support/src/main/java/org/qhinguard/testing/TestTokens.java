package org.qhinguard.testing;

import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Internal access tokens for tests, signed with a key pair generated for this JVM (no key is ever
 * committed). {@link BackingServices} configures SmallRye JWT to verify exactly these tokens.
 */
public final class TestTokens {
  private TestTokens() {}

  public static final String ISSUER = "https://authority.test.qhin-guard.invalid";
  public static final String KEY_ID = "test-key-1";

  private static final KeyPair KEYS = generate();

  private static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair keyPair() {
    return KEYS;
  }

  /** The SmallRye JWT settings that make a service accept tokens minted here. */
  public static Map<String, String> verificationConfig() {
    return Map.of(
        "mp.jwt.verify.publickey",
        Base64.getEncoder().encodeToString(((RSAPublicKey) KEYS.getPublic()).getEncoded()),
        "mp.jwt.verify.issuer",
        ISSUER);
  }

  /** A bearer token for {@code subject} with the given roles ({@code groups} claim). */
  public static String bearer(String subject, String... roles) {
    return Jwt.issuer(ISSUER)
        .subject(subject)
        .claim("client_id", subject)
        .groups(Set.of(roles))
        .issuedAt(Instant.now())
        .expiresIn(Duration.ofMinutes(10))
        .jws()
        .keyId(KEY_ID)
        .sign(KEYS.getPrivate());
  }

  /** A token signed by a key the services do not trust. */
  public static String bearerSignedByStranger(String subject, String... roles) {
    return Jwt.issuer(ISSUER)
        .subject(subject)
        .groups(Set.of(roles))
        .expiresIn(Duration.ofMinutes(10))
        .jws()
        .keyId("stranger")
        .sign(generate().getPrivate());
  }

  /** A token signed by the trusted key that expired half an hour ago. */
  public static String expiredBearer(String subject, String... roles) {
    return Jwt.issuer(ISSUER)
        .subject(subject)
        .groups(Set.of(roles))
        .issuedAt(Instant.now().minusSeconds(3600))
        .expiresAt(Instant.now().minusSeconds(1800))
        .jws()
        .keyId(KEY_ID)
        .sign(KEYS.getPrivate());
  }
}
