package org.qhinguard.authority.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** policy-service's answer to {@code POST /v1/decisions} (ADR 0002). */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record Decision(
    String decision,
    String grantedScopes,
    List<DeniedScope> deniedScopes,
    List<String> reasons,
    long policyVersion,
    String participantId) {

  public Decision {
    deniedScopes = deniedScopes == null ? List.of() : List.copyOf(deniedScopes);
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DeniedScope(String scope, String reason) {}

  public boolean permitted() {
    return "PERMIT".equals(decision) && grantedScopes != null && !grantedScopes.isBlank();
  }
}
