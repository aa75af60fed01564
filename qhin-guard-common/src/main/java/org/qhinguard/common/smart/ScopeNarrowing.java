package org.qhinguard.common.smart;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Narrows requested scopes to a ceiling. Every granted scope is the intersection of a requested
 * scope with a ceiling scope, so a grant is never wider than either: no wider context, type,
 * permission or constraint. Deny by default: what matches nothing is denied, with a reason.
 */
public final class ScopeNarrowing {
  private ScopeNarrowing() {}

  public record Denied(String scope, String reason) {}

  public record Result(List<SmartScope> granted, List<Denied> denied) {
    public String grantedScopeString() {
      return Scopes.render(granted);
    }
  }

  /**
   * @param requested the scope string the client asked for
   * @param ceiling the participant's scope ceiling
   * @param allowedSpecial the special scopes (openid, launch/patient, ...) this grant may carry
   */
  public static Result narrow(
      String requested, List<ClinicalScope> ceiling, Set<SpecialScope> allowedSpecial) {
    Scopes.Parsed parsed = Scopes.parse(requested);
    // Equal scopes have equal canonical forms, so the set de-duplicates like the canonical text.
    Set<SmartScope> granted = new LinkedHashSet<>();
    List<Denied> denied = new ArrayList<>();
    parsed.rejected().forEach(r -> denied.add(new Denied(r.scope(), r.reason())));
    for (SmartScope scope : parsed.scopes()) {
      if (scope instanceof SpecialScope special) {
        if (allowedSpecial.contains(special)) {
          granted.add(special);
        } else {
          denied.add(new Denied(special.canonical(), "not allowed for this client"));
        }
        continue;
      }
      ClinicalScope clinical = (ClinicalScope) scope;
      List<ClinicalScope> parts = new ArrayList<>();
      for (ClinicalScope c : ceiling) {
        Optional<ClinicalScope> part = clinical.intersect(c);
        part.ifPresent(parts::add);
      }
      if (parts.isEmpty()) {
        denied.add(new Denied(clinical.canonical(), denialReason(clinical, ceiling)));
        continue;
      }
      // Drop parts that another part already covers, so the grant stays small and readable.
      for (ClinicalScope p : parts) {
        boolean redundant = false;
        for (int i = 0; i < parts.size() && !redundant; i++) {
          ClinicalScope o = parts.get(i);
          redundant = o != p && !o.equals(p) && p.isCoveredBy(o);
        }
        if (!redundant) {
          granted.add(p);
        }
      }
    }
    return new Result(List.copyOf(granted), List.copyOf(denied));
  }

  private static String denialReason(ClinicalScope requested, List<ClinicalScope> ceiling) {
    boolean contextAllowed = ceiling.stream().anyMatch(c -> c.context() == requested.context());
    if (!contextAllowed) {
      return "context " + requested.context().prefix() + "/ is beyond the ceiling";
    }
    boolean typeAllowed =
        ceiling.stream()
            .anyMatch(
                c ->
                    c.context() == requested.context()
                        && (c.appliesTo(requested.resourceType()) || requested.anyType()));
    if (!typeAllowed) {
      return "resource type " + requested.resourceType() + " is beyond the ceiling";
    }
    return "permissions or constraints are beyond the ceiling";
  }
}
