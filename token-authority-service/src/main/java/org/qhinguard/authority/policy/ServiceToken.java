package org.qhinguard.authority.policy;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.qhinguard.authority.config.AuthorityConfig;
import org.qhinguard.authority.service.SigningKeys;

/**
 * The authority's own internal token (role policy-reader, ADR 0002), signed with its current key
 * and renewed a minute before it expires.
 */
@ApplicationScoped
public class ServiceToken {

  public static final String SUBJECT = "token-authority-service";

  private record Cached(String bearer, Instant renewAt) {}

  private final SigningKeys keys;
  private final AuthorityConfig config;
  private volatile Cached cached;

  public ServiceToken(SigningKeys keys, AuthorityConfig config) {
    this.keys = keys;
    this.config = config;
  }

  public String bearer() {
    Cached c = cached;
    if (c == null || Instant.now().isAfter(c.renewAt())) {
      Instant now = Instant.now();
      long lifetime = config.tokens().internalLifetime().toSeconds();
      JwtClaims claims = new JwtClaims();
      claims.setIssuer(config.issuerValue());
      claims.setSubject(SUBJECT);
      claims.setClaim("client_id", SUBJECT);
      claims.setStringListClaim("groups", List.of("policy-reader"));
      claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
      claims.setExpirationTime(NumericDate.fromSeconds(now.getEpochSecond() + lifetime));
      claims.setJwtId(UUID.randomUUID().toString());
      c =
          new Cached(
              "Bearer " + keys.sign(claims, "JWT"), now.plusSeconds(Math.max(1, lifetime - 60)));
      cached = c;
    }
    return c.bearer();
  }
}
