package org.qhinguard.policy.domain;

/**
 * What a token authority or a FHIR facade asks: may this client of this participant (named directly
 * or by an issuer it operates) have these scopes for this purpose, and optionally this interaction
 * on this resource type.
 */
public record DecisionRequest(
    String participantId,
    String issuer,
    String clientId,
    String requestedScopes,
    String purposeOfUse,
    String resourceType,
    String interaction) {}
