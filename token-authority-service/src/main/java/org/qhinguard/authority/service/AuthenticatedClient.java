package org.qhinguard.authority.service;

import java.util.List;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.common.policy.ParticipantSnapshot.RegisteredClient;

/**
 * Who called: one of the suite's own clients (from configuration, with roles) or a registered
 * client of a participant.
 */
public record AuthenticatedClient(
    String clientId,
    List<String> roles,
    ParticipantSnapshot participant,
    RegisteredClient registration,
    String method) {

  public static AuthenticatedClient internal(String clientId, List<String> roles) {
    return new AuthenticatedClient(clientId, List.copyOf(roles), null, null, "client_secret_basic");
  }

  public boolean isInternal() {
    return participant == null;
  }
}
