package org.qhinguard.policy.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.qhinguard.common.policy.ParticipantSnapshot.RateLimit;
import org.qhinguard.common.policy.ParticipantSnapshot.TrustPolicy;

/** A trust policy as the admin API reads and writes it: every field is required on a write. */
@RegisterForReflection
public record PolicyDocument(
    @NotNull @Size(max = 200) List<@NotBlank String> scopeCeiling,
    @NotNull List<@NotBlank String> purposes,
    @NotNull Map<@NotBlank String, @NotNull List<@NotBlank String>> resourceInteractions,
    @NotEmpty List<@NotBlank String> signingAlgorithms,
    @NotNull @Min(1) @Max(86400) Long maxTokenLifetimeSeconds,
    @NotNull Boolean requireDpop,
    @NotNull Boolean requireAtJwtTyp,
    @NotNull @Valid RateLimitDocument rateLimit,
    @NotNull
        Map<@NotBlank String, @NotNull Map<@NotBlank String, @NotNull List<@NotBlank String>>>
            minimization) {

  @RegisterForReflection
  public record RateLimitDocument(
      @NotNull @Min(1) @Max(1_000_000) Integer perMinute,
      @NotNull @Min(1) @Max(1_000_000) Integer burst) {}

  public static PolicyDocument of(TrustPolicy p) {
    return new PolicyDocument(
        p.scopeCeiling(),
        p.purposes(),
        p.resourceInteractions(),
        p.signingAlgorithms(),
        p.maxTokenLifetimeSeconds(),
        p.requireDpop(),
        p.requireAtJwtTyp(),
        new RateLimitDocument(p.rateLimit().perMinute(), p.rateLimit().burst()),
        p.minimization());
  }

  public TrustPolicy policy() {
    return new TrustPolicy(
        List.copyOf(scopeCeiling),
        List.copyOf(purposes),
        Map.copyOf(resourceInteractions),
        List.copyOf(signingAlgorithms),
        maxTokenLifetimeSeconds,
        requireDpop,
        requireAtJwtTyp,
        new RateLimit(rateLimit.perMinute(), rateLimit.burst()),
        Map.copyOf(minimization));
  }
}
