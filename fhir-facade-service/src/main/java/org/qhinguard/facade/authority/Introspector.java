package org.qhinguard.facade.authority;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.qhinguard.facade.access.FacadeException;
import org.qhinguard.facade.access.Grant;
import org.qhinguard.facade.config.FacadeConfig;

/**
 * Turns a bearer token into a {@link Grant}: from the cache by token hash, else by introspection at
 * the token authority for the facade's audience. Missing, inactive, expired or foreign tokens are a
 * 401 (RFC 6750 section 3.1).
 */
@ApplicationScoped
public class Introspector {
  private static final Logger LOG = Logger.getLogger(Introspector.class);

  private final TokenAuthority authority;
  private final String audience;
  private final GrantCache cache;
  private final Clock clock = Clock.systemUTC();

  public Introspector(TokenAuthority authority, FacadeConfig config) {
    this.authority = authority;
    this.audience = config.effectiveAudience();
    var c = config.introspection();
    this.cache = new GrantCache(c.maxEntries(), c.maxCacheAge(), c.inactiveCacheAge(), clock);
  }

  public GrantCache cache() {
    return cache;
  }

  /** The bearer token of an Authorization header (RFC 6750 section 2.1), or empty. */
  public static Optional<String> bearer(String authorization) {
    if (authorization == null || authorization.length() < 8) {
      return Optional.empty();
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = authorization.substring(7).trim();
    return token.isEmpty() || token.contains(" ") ? Optional.empty() : Optional.of(token);
  }

  public Uni<Grant> authenticate(String authorization) {
    String token =
        bearer(authorization)
            .orElseThrow(() -> FacadeException.invalidToken("a Bearer access token is required"));
    String hash = GrantCache.hash(token);
    Optional<GrantCache.Entry> hit = cache.get(hash);
    if (hit.isPresent()) {
      if (hit.get().active()) {
        return Uni.createFrom().item(hit.get().grant());
      }
      return Uni.createFrom().failure(FacadeException.invalidToken(hit.get().inactiveReason()));
    }
    return authority
        .introspect(token, audience)
        .onFailure()
        .transform(
            e -> {
              LOG.warnf("introspection failed: %s", e.toString());
              return FacadeException.unavailable("the token authority cannot be reached");
            })
        .map(
            i -> {
              String why = inactiveReason(i);
              if (why != null) {
                cache.putInactive(hash, why);
                throw FacadeException.invalidToken(why);
              }
              Grant g = toGrant(i);
              cache.putActive(hash, g);
              return g;
            });
  }

  private String inactiveReason(Introspection i) {
    if (i == null || !i.active()) {
      return "the access token is not active";
    }
    if (i.exp() == null || !Instant.ofEpochSecond(i.exp()).isAfter(clock.instant())) {
      return "the access token has expired";
    }
    if (!i.hasAudience(audience)) {
      return "the access token was issued for another audience";
    }
    if (i.participantId() == null || i.clientId() == null) {
      return "the access token names no participant or client";
    }
    return null;
  }

  private static Grant toGrant(Introspection i) {
    return new Grant(
        i.clientId(),
        i.participantId(),
        i.purposeOfUse(),
        i.patient(),
        i.fhirUser(),
        i.jti(),
        i.scope() == null ? "" : i.scope(),
        Grant.clinicalScopes(i.scope()),
        Instant.ofEpochSecond(i.exp()));
  }
}
