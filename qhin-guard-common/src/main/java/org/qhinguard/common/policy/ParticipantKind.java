package org.qhinguard.common.policy;

/** The tiers of a TEFCA network. */
public enum ParticipantKind {
  QHIN,
  PARTICIPANT,
  SUB_PARTICIPANT
}
