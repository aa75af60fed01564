package org.qhinguard.authority.domain;

import java.util.List;

/** The outcome of inspecting one token for one resource server: a value, never an exception. */
public sealed interface Introspection {

  /** Every check held; the fields of an RFC 7662 section 2.2 answer plus ours. */
  record Active(
      String issuer,
      String subject,
      String clientId,
      List<String> audiences,
      long exp,
      long iat,
      Long nbf,
      String jti,
      String scope,
      String requestedScope,
      String participantId,
      long participantVersion,
      String purposeOfUse,
      String patient,
      String fhirUser)
      implements Introspection {}

  /**
   * Some check failed; only {@code {"active":false}} leaves the service, the reason goes to the
   * audit event.
   *
   * @param escalation the token asked for scopes beyond its participant's ceiling
   * @param failedClosed policy-service was unreachable and the snapshot past its bound
   */
  record Inactive(
      String reason,
      boolean escalation,
      boolean failedClosed,
      String participantId,
      String clientId,
      String requestedScope)
      implements Introspection {

    public static Inactive because(String reason) {
      return new Inactive(reason, false, false, null, null, null);
    }

    Inactive about(String participant, String client, String scope) {
      return new Inactive(reason, escalation, failedClosed, participant, client, scope);
    }
  }
}
