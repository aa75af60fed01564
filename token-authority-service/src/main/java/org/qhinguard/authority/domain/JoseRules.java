package org.qhinguard.authority.domain;

import java.security.interfaces.RSAKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/** The header rules every JWS we accept (access token or client assertion) must follow. */
public final class JoseRules {
  private JoseRules() {}

  /** Asymmetric algorithms only: never none, never HMAC (RFC 8725 section 3.1). */
  public static final Set<String> SAFE_ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  /**
   * Headers that point at keys elsewhere or change how the JWS is processed. RFC 8725 section 3.10:
   * jku/x5u/jwk are never followed; crit (RFC 7515 section 4.1.11) names extensions we do not
   * understand; cty/zip would mean nested or compressed content.
   */
  private static final List<String> REFUSED_HEADERS =
      List.of("jku", "x5u", "jwk", "x5c", "crit", "cty", "zip", "b64", "enc");

  /** The reason the header is refused, or empty. */
  public static Optional<String> headerProblem(CompactJws jws, List<String> allowedAlgorithms) {
    Optional<String> alg = jws.headerText("alg");
    if (alg.isEmpty()) {
      return Optional.of("alg header missing");
    }
    if ("none".equalsIgnoreCase(alg.get())) {
      return Optional.of("alg none");
    }
    if (!SAFE_ALGORITHMS.contains(alg.get()) || !allowedAlgorithms.contains(alg.get())) {
      return Optional.of("alg " + alg.get() + " not allowed");
    }
    for (String h : REFUSED_HEADERS) {
      if (jws.hasHeader(h)) {
        return Optional.of(h + " header refused");
      }
    }
    Optional<String> kid = jws.headerText("kid");
    if (kid.isEmpty() || kid.get().isBlank() || kid.get().length() > 256) {
      return Optional.of("kid header missing or invalid");
    }
    return Optional.empty();
  }

  /** Whether the key's type (and curve) is the one the algorithm needs, and it is for signing. */
  public static boolean keyFits(String alg, JsonWebKey key) {
    if (key.getUse() != null && !"sig".equals(key.getUse())) {
      return false;
    }
    if (key.getAlgorithm() != null && !alg.equals(key.getAlgorithm())) {
      return false;
    }
    if (alg.startsWith("RS") || alg.startsWith("PS")) {
      return key instanceof RsaJsonWebKey rsa
          && ((RSAKey) rsa.getPublicKey()).getModulus().bitLength() >= 2048;
    }
    if (key instanceof EllipticCurveJsonWebKey ec) {
      return switch (alg) {
        case "ES256" -> EllipticCurves.P_256.equals(ec.getCurveName());
        case "ES384" -> EllipticCurves.P_384.equals(ec.getCurveName());
        case "ES512" -> EllipticCurves.P_521.equals(ec.getCurveName());
        default -> false;
      };
    }
    return false;
  }

  /** Verifies the signature with exactly this algorithm and key. */
  public static boolean signatureValid(CompactJws jws, String alg, JsonWebKey key) {
    try {
      JsonWebSignature s = new JsonWebSignature();
      s.setAlgorithmConstraints(
          new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg));
      s.setCompactSerialization(jws.compact());
      s.setKey(key.getKey());
      return alg.equals(s.getAlgorithmHeaderValue()) && s.verifySignature();
    } catch (JoseException e) {
      return false;
    }
  }
}
