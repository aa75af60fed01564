package org.qhinguard.common.events;

/** What was done. */
public enum AuditAction {
  TOKEN_INTROSPECTION,
  TOKEN_ISSUANCE,
  TOKEN_REVOCATION,
  SCOPE_ESCALATION,
  FHIR_ACCESS,
  RATE_LIMITED,
  POLICY_CHANGE,
  PARTICIPANT_STATUS_CHANGE,
  ANOMALY
}
