package org.qhinguard.policy.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.Function;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.policy.domain.PolicyException;
import org.qhinguard.policy.store.ParticipantStore;

/** The current snapshot of a participant, found by its id, an issuer, a client or an audience. */
@ApplicationScoped
public class Snapshots {

  @Inject ParticipantStore store;

  public ParticipantSnapshot byParticipant(String id) {
    return find("participant", id, store::snapshot);
  }

  public ParticipantSnapshot byIssuer(String iss) {
    return find("issuer", iss, store::byIssuer);
  }

  public ParticipantSnapshot byClient(String clientId) {
    return find("client", clientId, store::byClient);
  }

  public ParticipantSnapshot byAudience(String aud) {
    return find("audience", aud, store::byAudience);
  }

  private static ParticipantSnapshot find(
      String what, String key, Function<String, Optional<ParticipantSnapshot>> lookup) {
    if (key == null || key.isBlank()) {
      throw PolicyException.badRequest("the " + what + " to look up is missing");
    }
    return lookup
        .apply(key)
        .orElseThrow(
            () -> PolicyException.notFound("no participant for " + what + " '" + key + "'"));
  }
}
