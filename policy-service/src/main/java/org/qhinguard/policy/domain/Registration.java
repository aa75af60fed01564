package org.qhinguard.policy.domain;

import java.util.List;
import org.qhinguard.common.policy.ParticipantKind;
import org.qhinguard.common.policy.ParticipantSnapshot.TokenIssuer;

/**
 * Who a participant is and what it operates, as an administrator registers it. Client secrets are
 * in plain text here only on their way to being hashed.
 */
public record Registration(
    String displayName,
    ParticipantKind kind,
    String qhinId,
    List<TokenIssuer> issuers,
    List<String> audiences,
    List<ClientRegistration> clients) {

  public Registration {
    issuers = issuers == null ? List.of() : List.copyOf(issuers);
    audiences = audiences == null ? List.of() : List.copyOf(audiences);
    clients = clients == null ? List.of() : List.copyOf(clients);
  }

  /**
   * An OAuth client as registered; {@code clientSecret} is null when the stored secret is kept (or
   * the client has none).
   */
  public record ClientRegistration(
      String clientId,
      String jwks,
      String jwksUri,
      List<String> grantTypes,
      List<String> authMethods,
      String clientSecret,
      List<String> roles) {
    public ClientRegistration {
      grantTypes = grantTypes == null ? List.of() : List.copyOf(grantTypes);
      authMethods = authMethods == null ? List.of() : List.copyOf(authMethods);
      roles = roles == null ? List.of() : List.copyOf(roles);
    }
  }
}
