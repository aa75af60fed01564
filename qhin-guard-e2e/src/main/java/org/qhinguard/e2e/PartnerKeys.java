package org.qhinguard.e2e;

import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
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
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(clientId);
    claims.setSubject(clientId);
    claims.setAudience(tokenUrl);
    claims.setJwtId(UUID.randomUUID().toString());
    claims.setIssuedAtToNow();
    claims.setExpirationTimeMinutesInTheFuture(4);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA384);
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }
}
