package org.qhinguard.policy.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.qhinguard.common.policy.ExchangePurpose;
import org.qhinguard.common.policy.ParticipantSnapshot.RateLimit;
import org.qhinguard.common.policy.ParticipantSnapshot.TrustPolicy;
import org.qhinguard.common.smart.FhirResourceTypes;
import org.qhinguard.common.smart.Interaction;
import org.qhinguard.common.smart.ScopeSyntaxException;
import org.qhinguard.common.smart.Scopes;
import org.qhinguard.policy.domain.PolicyException.FieldError;

/** What makes a trust policy acceptable beyond its syntax. */
public final class PolicyRules {
  private PolicyRules() {}

  /**
   * Asymmetric JWS algorithms only (RFC 7518 section 3.1): no {@code none}, no shared HMAC keys.
   */
  public static final Set<String> SIGNING_ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  /** The policy of a newly registered participant until an administrator writes one: nothing. */
  public static TrustPolicy denyAll() {
    return new TrustPolicy(
        List.of(),
        List.of(),
        Map.of(),
        List.of("RS384", "ES384"),
        300,
        true,
        true,
        new RateLimit(60, 10),
        Map.of());
  }

  /**
   * @param prefix the path of the policy in the request body ("" or "policy.")
   */
  public static List<FieldError> check(TrustPolicy p, String prefix) {
    List<FieldError> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < p.scopeCeiling().size(); i++) {
      String scope = p.scopeCeiling().get(i);
      String f = prefix + "scopeCeiling[" + i + "]";
      try {
        if (!seen.add(Scopes.parseOne(scope).canonical())) {
          errors.add(new FieldError(f, "listed twice"));
        }
      } catch (ScopeSyntaxException e) {
        errors.add(new FieldError(f, "'" + scope + "' is not a SMART scope: " + e.getMessage()));
      }
    }
    for (int i = 0; i < p.purposes().size(); i++) {
      if (ExchangePurpose.fromCode(p.purposes().get(i)).isEmpty()) {
        errors.add(
            new FieldError(
                prefix + "purposes[" + i + "]",
                "unknown TEFCA exchange purpose '" + p.purposes().get(i) + "'"));
      }
    }
    for (Map.Entry<String, List<String>> e : p.resourceInteractions().entrySet()) {
      String f = prefix + "resourceInteractions." + e.getKey();
      if (!FhirResourceTypes.isKnown(e.getKey())) {
        errors.add(new FieldError(f, "unknown FHIR R4 resource type"));
      }
      for (String interaction : e.getValue()) {
        if (Interaction.fromCode(interaction).isEmpty()
            || !interaction.equals(interaction.toLowerCase(java.util.Locale.ROOT))) {
          errors.add(new FieldError(f, "unknown interaction '" + interaction + "'"));
        }
      }
    }
    for (int i = 0; i < p.signingAlgorithms().size(); i++) {
      if (!SIGNING_ALGORITHMS.contains(p.signingAlgorithms().get(i))) {
        errors.add(
            new FieldError(
                prefix + "signingAlgorithms[" + i + "]",
                "not an accepted asymmetric JWS algorithm; one of " + SIGNING_ALGORITHMS));
      }
    }
    if (p.rateLimit() != null && p.rateLimit().burst() > p.rateLimit().perMinute()) {
      errors.add(new FieldError(prefix + "rateLimit.burst", "must not exceed perMinute"));
    }
    for (Map.Entry<String, Map<String, List<String>>> e : p.minimization().entrySet()) {
      String f = prefix + "minimization." + e.getKey();
      if (!FhirResourceTypes.isKnown(e.getKey())) {
        errors.add(new FieldError(f, "unknown FHIR R4 resource type"));
      }
      for (Map.Entry<String, List<String>> byPurpose : e.getValue().entrySet()) {
        if (ExchangePurpose.fromCode(byPurpose.getKey()).isEmpty()) {
          errors.add(
              new FieldError(f + "." + byPurpose.getKey(), "unknown TEFCA exchange purpose"));
        }
        if (byPurpose.getValue() == null || byPurpose.getValue().isEmpty()) {
          errors.add(new FieldError(f + "." + byPurpose.getKey(), "lists no elements"));
        }
      }
    }
    return errors;
  }
}
