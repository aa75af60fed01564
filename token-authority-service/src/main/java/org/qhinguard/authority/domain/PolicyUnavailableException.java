package org.qhinguard.authority.domain;

/** policy-service cannot be reached and what we hold is older than its bound: fail closed. */
public final class PolicyUnavailableException extends RuntimeException {
  public PolicyUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
