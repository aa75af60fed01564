package org.qhinguard.facade.access;

import java.time.Instant;
import java.util.List;
import org.qhinguard.common.smart.ClinicalScope;
import org.qhinguard.common.smart.Scopes;

/**
 * What an active token lets its holder do here, from the token authority's introspection (RFC 7662
 * section 2.2 plus our participant_id, purpose_of_use, patient and fhirUser).
 *
 * @param patient the patient a {@code patient/} scope is bound to, or null
 */
public record Grant(
    String clientId,
    String participantId,
    String purposeOfUse,
    String patient,
    String fhirUser,
    String jti,
    String scope,
    List<ClinicalScope> scopes,
    Instant expiresAt) {

  public Grant {
    scopes = List.copyOf(scopes);
  }

  /** The clinical scopes of a scope string; anything unparseable grants nothing. */
  public static List<ClinicalScope> clinicalScopes(String scope) {
    return Scopes.parse(scope).clinical();
  }
}
