package org.qhinguard.facade.access;

/**
 * The outcome of the access check of one request, made before anything reaches the upstream. A
 * permit may rewrite the request (a search held to the grant's patient) and may ask for the
 * existing resource to be checked before a write in a patient compartment.
 */
public sealed interface AccessDecision {

  /**
   * @param forward the request to send upstream
   * @param checkExistingInCompartment whether the current version must first be read and found in
   *     the grant's patient compartment (update, patch, delete under a patient/ scope)
   */
  record Permit(FhirRequest forward, boolean checkExistingInCompartment)
      implements AccessDecision {}

  record Deny(String reason) implements AccessDecision {}

  static AccessDecision permit(FhirRequest forward) {
    return new Permit(forward, false);
  }

  static AccessDecision deny(String reason) {
    return new Deny(reason);
  }
}
