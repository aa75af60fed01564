package org.qhinguard.policy.domain;

import java.util.List;

/**
 * The answer of the decision point. A DENY grants nothing; the reasons say why. A PERMIT may still
 * deny some of the requested scopes (the grant is narrowed), each with its reason.
 */
public record Decision(
    Verdict decision,
    String grantedScopes,
    List<DeniedScope> deniedScopes,
    List<String> reasons,
    long policyVersion,
    String participantId) {

  public enum Verdict {
    PERMIT,
    DENY
  }

  public record DeniedScope(String scope, String reason) {}

  public Decision {
    deniedScopes = List.copyOf(deniedScopes);
    reasons = List.copyOf(reasons);
    if (decision == Verdict.DENY && !grantedScopes.isEmpty()) {
      throw new IllegalArgumentException("a DENY grants nothing");
    }
  }

  /** No version: the participant is unknown. */
  public static final long NO_POLICY = 0;

  public static Decision deny(String participantId, long policyVersion, String reason) {
    return new Decision(Verdict.DENY, "", List.of(), List.of(reason), policyVersion, participantId);
  }

  public boolean permitted() {
    return decision == Verdict.PERMIT;
  }
}
