package org.qhinguard.e2e;

import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.lang.JoseException;

/**
 * A partner's private_key_jwt key pair, generated for this run: the public half is registered with
 * policy-service, the private half signs client assertions (RFC 7523 section 2.2).
 */
final class PartnerKeys {
  private final RsaJsonWebKey key;

  PartnerKeys(String kid) {
    try {
      key = RsaJwkGenerator.generateJwk(2048);
      key.setKeyId(kid);
      key.setAlgorithm("RS384");
      key.setUse("sig");
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public JWKS, as registered for the client. */
  String publicJwks() {
    return new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  /** A client assertion for SMART Backend Services (iss = sub = client id, aud = token URL). */
  String clientAssertion(String clientId, String tokenUrl) {
    return Jwt.issuer(clientId)
        .subject(clientId)
        .audience(tokenUrl)
        .claim("jti", UUID.randomUUID().toString())
        .expiresIn(Duration.ofMinutes(4))
        .jws()
        .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS384)
        .keyId(key.getKeyId())
        .sign(key.getPrivateKey());
  }
}
