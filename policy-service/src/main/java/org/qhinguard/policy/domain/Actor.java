package org.qhinguard.policy.domain;

/** Who makes a change and why; both go into the version history and the audit event. */
public record Actor(String subject, String reason) {
  public static final int MAX_REASON = 500;

  public Actor {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("an authenticated subject is required");
    }
    if (reason != null && reason.length() > MAX_REASON) {
      throw PolicyException.invalid("Change-Reason", "longer than " + MAX_REASON + " characters");
    }
  }
}
