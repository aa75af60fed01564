package org.qhinguard.policy.domain;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.qhinguard.common.policy.ExchangePurpose;
import org.qhinguard.common.policy.ParticipantStatus;
import org.qhinguard.common.smart.ClinicalScope;
import org.qhinguard.common.smart.FhirResourceTypes;
import org.qhinguard.common.smart.Interaction;
import org.qhinguard.common.smart.ScopeNarrowing;
import org.qhinguard.common.smart.SmartScope;
import org.qhinguard.common.smart.SpecialScope;
import org.qhinguard.policy.domain.Decision.DeniedScope;
import org.qhinguard.policy.domain.Decision.Verdict;

/**
 * The central scope decision point. Every check adds a reason; any reason is a DENY. Nothing is
 * permitted by default: an unknown client, purpose, type or interaction is a reason.
 */
public final class DecisionPoint {
  private DecisionPoint() {}

  /** SMART App Launch 2.x section 3.0: identity and launch scopes need a user in the loop. */
  private static final Set<SpecialScope> USER_FACING =
      EnumSet.of(
          SpecialScope.OPENID,
          SpecialScope.FHIR_USER,
          SpecialScope.PROFILE,
          SpecialScope.LAUNCH,
          SpecialScope.LAUNCH_PATIENT,
          SpecialScope.LAUNCH_ENCOUNTER,
          SpecialScope.ONLINE_ACCESS);

  public static Decision decide(CompiledPolicy policy, DecisionRequest request) {
    String pid = policy.participantId();
    long version = policy.version();
    if (policy.status() != ParticipantStatus.ACTIVE) {
      return Decision.deny(pid, version, "participant is " + policy.status());
    }
    List<String> reasons = new ArrayList<>();
    if (request.issuer() != null && !policy.operatesIssuer(request.issuer())) {
      reasons.add("issuer " + request.issuer() + " is not operated by participant " + pid);
    }
    Set<String> grantTypes =
        request.clientId() == null ? null : policy.grantTypesOf(request.clientId());
    if (grantTypes == null) {
      reasons.add("client " + request.clientId() + " is not registered to participant " + pid);
      grantTypes = Set.of();
    }
    checkPurpose(policy, request.purposeOfUse(), reasons);

    ScopeNarrowing.Result narrowed =
        ScopeNarrowing.narrow(
            request.requestedScopes(), policy.ceiling(), specialAllowed(policy, grantTypes));
    List<DeniedScope> denied = new ArrayList<>();
    narrowed.denied().forEach(d -> denied.add(new DeniedScope(d.scope(), d.reason())));
    if (narrowed.granted().isEmpty()) {
      reasons.add(
          denied.isEmpty()
              ? "no scopes requested"
              : "no requested scope is within the participant's ceiling");
    }
    checkInteraction(policy, request, narrowed.granted(), reasons);

    if (!reasons.isEmpty()) {
      return new Decision(Verdict.DENY, "", denied, reasons, version, pid);
    }
    return new Decision(
        Verdict.PERMIT, narrowed.grantedScopeString(), denied, List.of(), version, pid);
  }

  private static Set<SpecialScope> specialAllowed(CompiledPolicy policy, Set<String> grantTypes) {
    // A backend client (client_credentials) has no user and no refresh token: no special scopes.
    EnumSet<SpecialScope> allowed = EnumSet.noneOf(SpecialScope.class);
    if (grantTypes.contains("authorization_code")) {
      allowed.addAll(USER_FACING);
      if (grantTypes.contains("refresh_token")) {
        allowed.add(SpecialScope.OFFLINE_ACCESS);
      }
    }
    allowed.retainAll(policy.ceilingSpecial());
    return allowed;
  }

  private static void checkPurpose(CompiledPolicy policy, String code, List<String> reasons) {
    if (code == null || code.isBlank()) {
      reasons.add("no purpose of use asserted");
    } else if (ExchangePurpose.fromCode(code).isEmpty()) {
      reasons.add("unknown purpose of use " + code);
    } else if (!policy.allowsPurpose(code)) {
      reasons.add("purpose of use " + code + " is not allowed for this participant");
    }
  }

  private static void checkInteraction(
      CompiledPolicy policy,
      DecisionRequest request,
      List<SmartScope> granted,
      List<String> reasons) {
    String type = request.resourceType();
    String code = request.interaction();
    if (type == null && code == null) {
      return;
    }
    if (type == null || code == null) {
      reasons.add("resourceType and interaction are asked together");
      return;
    }
    Optional<Interaction> interaction = Interaction.fromCode(code);
    if (!FhirResourceTypes.isKnown(type)) {
      reasons.add("unknown FHIR R4 resource type " + type);
      return;
    }
    if (interaction.isEmpty()) {
      reasons.add("unknown interaction " + code);
      return;
    }
    if (!policy.allowsInteraction(type, interaction.get())) {
      reasons.add(
          "interaction "
              + interaction.get().code()
              + " on "
              + type
              + " is not allowed by the trust policy");
    }
    boolean scopeAllows =
        granted.stream()
            .filter(ClinicalScope.class::isInstance)
            .map(ClinicalScope.class::cast)
            .anyMatch(s -> s.appliesTo(type) && s.allows(interaction.get().permission()));
    if (!scopeAllows) {
      reasons.add("no granted scope allows " + interaction.get().code() + " on " + type);
    }
  }
}
