package org.qhinguard.policy.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.qhinguard.common.policy.ParticipantKind;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.common.policy.ParticipantSnapshot.TokenIssuer;
import org.qhinguard.common.policy.ParticipantStatus;

/**
 * A participant as the admin API shows it: secret hashes are never shown, only whether one is set.
 */
@RegisterForReflection
public record ParticipantView(
    String id,
    String displayName,
    ParticipantKind kind,
    String qhinId,
    ParticipantStatus status,
    long version,
    List<TokenIssuer> issuers,
    List<String> audiences,
    List<ClientView> clients,
    PolicyDocument policy) {

  @RegisterForReflection
  public record ClientView(
      String clientId,
      String jwks,
      String jwksUri,
      List<String> grantTypes,
      List<String> authMethods,
      boolean hasSecret,
      List<String> roles) {}

  public static ParticipantView of(ParticipantSnapshot s) {
    return new ParticipantView(
        s.participantId(),
        s.displayName(),
        s.kind(),
        s.qhinId(),
        s.status(),
        s.version(),
        s.issuers(),
        s.audiences(),
        s.clients().stream()
            .map(
                c ->
                    new ClientView(
                        c.clientId(),
                        c.jwks(),
                        c.jwksUri(),
                        c.grantTypes(),
                        c.authMethods(),
                        c.secretHash() != null,
                        c.roles()))
            .toList(),
        PolicyDocument.of(s.policy()));
  }
}
