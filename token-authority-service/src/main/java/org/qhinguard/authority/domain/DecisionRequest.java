package org.qhinguard.authority.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code POST /v1/decisions} (ADR 0002). */
@RegisterForReflection
public record DecisionRequest(
    String participantId,
    String issuer,
    String clientId,
    String requestedScopes,
    String purposeOfUse,
    String resourceType,
    String interaction) {}
