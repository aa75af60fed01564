package org.qhinguard.common.events;

/** How a security-relevant action ended. */
public enum Outcome {
  /** Allowed and carried out. */
  SUCCESS,
  /** Refused by a security check (inactive token, scope beyond ceiling, rate limit, ...). */
  DENIED,
  /** Failed for a reason that is not a security decision (upstream down, bad request). */
  ERROR
}
