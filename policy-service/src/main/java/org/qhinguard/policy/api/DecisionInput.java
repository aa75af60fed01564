package org.qhinguard.policy.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.qhinguard.policy.domain.DecisionRequest;

/** The body of {@code POST /v1/decisions} (ADR 0002). */
@RegisterForReflection
public record DecisionInput(
    @Size(max = 64) String participantId,
    @Size(max = 500) String issuer,
    @NotBlank @Size(max = 128) String clientId,
    @Size(max = 8192) String requestedScopes,
    @Size(max = 32) String purposeOfUse,
    @Size(max = 64) String resourceType,
    @Size(max = 16) String interaction) {

  public DecisionRequest request() {
    return new DecisionRequest(
        participantId, issuer, clientId, requestedScopes, purposeOfUse, resourceType, interaction);
  }
}
