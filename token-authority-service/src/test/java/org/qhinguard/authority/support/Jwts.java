package org.qhinguard.authority.support;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/** Builds honest and hostile JWTs for tests. Every default is what a good partner token has. */
public final class Jwts {

  private final Map<String, Object> header = new LinkedHashMap<>();
  private final Map<String, Object> claims = new LinkedHashMap<>();
  private Key key;
  private String rawPayload;

  private Jwts() {}

  /** A good partner access token, signed by the partner issuer's RSA key. */
  public static Jwts partnerToken() {
    long now = Instant.now().getEpochSecond();
    Jwts j = new Jwts();
    j.key = Network.ISSUER_KEY.getPrivateKey();
    j.header.put("alg", "RS256");
    j.header.put("typ", "at+jwt");
    j.header.put("kid", Network.ISSUER_KEY.getKeyId());
    j.claims.put("iss", Network.PARTNER_ISSUER);
    j.claims.put("sub", Network.PARTNER_APP);
    j.claims.put("client_id", Network.PARTNER_APP);
    j.claims.put("aud", Network.FHIR_AUDIENCE);
    j.claims.put("scope", "system/Observation.rs");
    j.claims.put("jti", UUID.randomUUID().toString());
    j.claims.put("iat", now);
    j.claims.put("nbf", now);
    j.claims.put("exp", now + 300);
    j.claims.put("purpose_of_use", "T-TRTMNT");
    return j;
  }

  /** A good RFC 7523 client assertion of {@code clientId}, for {@code audience}. */
  public static Jwts assertion(String clientId, PublicJsonWebKey key, String audience) {
    long now = Instant.now().getEpochSecond();
    Jwts j = new Jwts();
    j.key = key.getPrivateKey();
    j.header.put("alg", "RS256");
    j.header.put("kid", key.getKeyId());
    j.claims.put("iss", clientId);
    j.claims.put("sub", clientId);
    j.claims.put("aud", audience);
    j.claims.put("jti", UUID.randomUUID().toString());
    j.claims.put("iat", now);
    j.claims.put("exp", now + 120);
    return j;
  }

  public Jwts header(String name, Object value) {
    if (value == null) {
      header.remove(name);
    } else {
      header.put(name, value);
    }
    return this;
  }

  public Jwts claim(String name, Object value) {
    if (value == null) {
      claims.remove(name);
    } else {
      claims.put(name, value);
    }
    return this;
  }

  public Jwts audiences(String... aud) {
    claims.put("aud", List.of(aud));
    return this;
  }

  public Jwts signedWith(PublicJsonWebKey k) {
    this.key = k.getPrivateKey();
    return this;
  }

  public Jwts signedWithKey(Key k) {
    this.key = k;
    return this;
  }

  /** Signs exactly this payload text (for duplicate names and other malformed JSON). */
  public Jwts rawPayload(String payload) {
    this.rawPayload = payload;
    return this;
  }

  public String claimsJson() {
    return JsonUtil.toJson(claims);
  }

  public String sign() {
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
      jws.setDoKeyValidation(false);
      for (Map.Entry<String, Object> h : header.entrySet()) {
        jws.getHeaders().setObjectHeaderValue(h.getKey(), h.getValue());
      }
      jws.setPayload(rawPayload != null ? rawPayload : JsonUtil.toJson(claims));
      jws.setKey(key);
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Header and payload exactly as given, with an arbitrary signature part. */
  public static String raw(String headerJson, String payloadJson, String signature) {
    return b64(headerJson) + "." + b64(payloadJson) + "." + signature;
  }

  public static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
