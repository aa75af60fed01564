package org.qhinguard.facade.policy;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.facade.access.FacadeException;
import org.qhinguard.facade.authority.TokenAuthority;
import org.qhinguard.facade.config.FacadeConfig;

/**
 * Snapshots from policy-service, cached until a newer version is announced on the bus or the
 * configured bound passes; past the bound and without policy-service the facade fails closed.
 */
@ApplicationScoped
@RegisterForReflection(
    targets = {
      ParticipantSnapshot.class,
      ParticipantSnapshot.TrustPolicy.class,
      ParticipantSnapshot.RateLimit.class,
      ParticipantSnapshot.TokenIssuer.class,
      ParticipantSnapshot.RegisteredClient.class
    })
public class CachedParticipantPolicies implements ParticipantPolicies {
  private static final Logger LOG = Logger.getLogger(CachedParticipantPolicies.class);

  private record Cached(ParticipantSnapshot snapshot, Instant fetchedAt) {}

  private final PolicyRestClient client;
  private final TokenAuthority authority;
  private final FacadeConfig config;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Clock clock = Clock.systemUTC();

  public CachedParticipantPolicies(
      @RestClient PolicyRestClient client, TokenAuthority authority, FacadeConfig config) {
    this.client = client;
    this.authority = authority;
    this.config = config;
  }

  @Override
  public Uni<ParticipantSnapshot> snapshot(String participantId) {
    Cached c = cache.get(participantId);
    if (c != null && clock.instant().isBefore(c.fetchedAt().plus(config.policy().maxAge()))) {
      return Uni.createFrom().item(c.snapshot());
    }
    return authority
        .serviceToken()
        .chain(token -> client.participant("Bearer " + token, participantId))
        .ifNoItem()
        .after(config.policy().timeout())
        .fail()
        .map(
            s -> {
              cache.put(participantId, new Cached(s, clock.instant()));
              return s;
            })
        .onFailure()
        .transform(
            e -> {
              if (e instanceof WebApplicationException w && w.getResponse().getStatus() == 404) {
                return FacadeException.forbidden(
                    "participant " + participantId + " is not known to the network's policy");
              }
              LOG.warnf("policy snapshot of %s unavailable: %s", participantId, e.toString());
              return FacadeException.unavailable(
                  "the policy of participant " + participantId + " cannot be checked now");
            });
  }

  @Override
  public void changed(String participantId, long version) {
    cache.computeIfPresent(participantId, (k, c) -> c.snapshot().version() < version ? null : c);
  }
}
