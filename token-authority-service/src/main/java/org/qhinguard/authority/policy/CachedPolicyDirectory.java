package org.qhinguard.authority.policy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.qhinguard.authority.config.AuthorityConfig;
import org.qhinguard.authority.domain.Decision;
import org.qhinguard.authority.domain.DecisionRequest;
import org.qhinguard.authority.domain.PolicyUnavailableException;
import org.qhinguard.authority.domain.PolicyView;
import org.qhinguard.common.policy.ParticipantSnapshot;

/**
 * Participant snapshots from policy-service, cached in process until a PolicyChanged event names a
 * newer version of their participant, and never longer than {@code qg.authority.policy.max-age}.
 * Past that bound an unreachable policy-service makes every lookup fail closed.
 */
@ApplicationScoped
public class CachedPolicyDirectory implements PolicyView {

  private static final Logger LOG = Logger.getLogger(CachedPolicyDirectory.class);

  private record Entry(ParticipantSnapshot snapshot, Instant fetchedAt) {}

  private final PolicyServiceClient client;
  private final ServiceToken token;
  private final Duration maxAge;
  private final Duration negativeTtl;
  private final int maxEntries;
  private final Counter failedClosed;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public CachedPolicyDirectory(
      @RestClient PolicyServiceClient client,
      ServiceToken token,
      AuthorityConfig config,
      MeterRegistry metrics) {
    this.client = client;
    this.token = token;
    this.maxAge = config.policy().maxAge();
    this.negativeTtl = config.policy().negativeTtl();
    this.maxEntries = config.policy().maxEntries();
    this.failedClosed =
        Counter.builder("qg.authority.policy.failed.closed")
            .description("lookups refused because policy-service was unreachable past the bound")
            .register(metrics);
  }

  @Override
  public Optional<ParticipantSnapshot> byIssuer(String issuer) {
    return lookup("iss:" + issuer, () -> client.issuer(token.bearer(), issuer));
  }

  @Override
  public Optional<ParticipantSnapshot> byClient(String clientId) {
    return lookup("client:" + clientId, () -> client.client(token.bearer(), clientId));
  }

  @Override
  public Optional<ParticipantSnapshot> byAudience(String audience) {
    return lookup("aud:" + audience, () -> client.audience(token.bearer(), audience));
  }

  @Override
  public Optional<ParticipantSnapshot> byParticipant(String participantId) {
    return lookup("pid:" + participantId, () -> client.participant(token.bearer(), participantId));
  }

  @Override
  public Decision decide(DecisionRequest request) {
    try {
      return client.decide(token.bearer(), request);
    } catch (RuntimeException e) {
      failedClosed.increment();
      LOG.warnf("policy decision unavailable, failing closed: %s", e.getMessage());
      throw new PolicyUnavailableException("decision unavailable", e);
    }
  }

  /**
   * A PolicyChanged event: forget what is older than {@code version}, and every negative answer.
   */
  public void changed(String participantId, long version) {
    entries
        .entrySet()
        .removeIf(
            e ->
                e.getValue().snapshot() == null
                    || (participantId.equals(e.getValue().snapshot().participantId())
                        && e.getValue().snapshot().version() < version));
  }

  public void clear() {
    entries.clear();
  }

  private Optional<ParticipantSnapshot> lookup(String key, Supplier<ParticipantSnapshot> fetch) {
    Instant now = Instant.now();
    Entry e = entries.get(key);
    if (e != null) {
      Duration bound = e.snapshot() == null ? negativeTtl : maxAge;
      if (e.fetchedAt().plus(bound).isAfter(now)) {
        return Optional.ofNullable(e.snapshot());
      }
    }
    ParticipantSnapshot fetched;
    try {
      fetched = fetch.get();
    } catch (WebApplicationException ex) {
      if (ex.getResponse() != null && ex.getResponse().getStatus() == 404) {
        fetched = null;
      } else {
        throw unavailable(key, ex);
      }
    } catch (RuntimeException ex) {
      throw unavailable(key, ex);
    }
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
    entries.put(key, new Entry(fetched, now));
    return Optional.ofNullable(fetched);
  }

  private PolicyUnavailableException unavailable(String key, RuntimeException cause) {
    failedClosed.increment();
    LOG.warnf(
        "policy-service unreachable for %s and no snapshot within %s: failing closed (%s)",
        key, maxAge, cause.getMessage());
    return new PolicyUnavailableException("policy-service unreachable", cause);
  }
}
