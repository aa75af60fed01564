package org.qhinguard.common.policy;

/** Only an ACTIVE participant's tokens, clients and requests can ever be permitted. */
public enum ParticipantStatus {
  ACTIVE,
  SUSPENDED,
  REVOKED
}
