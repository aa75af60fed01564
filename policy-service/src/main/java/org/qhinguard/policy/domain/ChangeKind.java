package org.qhinguard.policy.domain;

/** What a new version of a participant changed. */
public enum ChangeKind {
  CREATED,
  REGISTRATION_REPLACED,
  POLICY_CHANGED,
  SUSPENDED,
  REACTIVATED,
  REVOKED
}
