package org.qhinguard.policy.domain;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.common.policy.ParticipantSnapshot.RegisteredClient;
import org.qhinguard.common.policy.ParticipantStatus;
import org.qhinguard.common.smart.ClinicalScope;
import org.qhinguard.common.smart.Interaction;
import org.qhinguard.common.smart.ScopeSyntaxException;
import org.qhinguard.common.smart.Scopes;
import org.qhinguard.common.smart.SmartScope;
import org.qhinguard.common.smart.SpecialScope;

/**
 * A participant's snapshot parsed once for the decision point: the ceiling as scopes, the purposes,
 * interactions and clients as sets. Whatever does not parse is left out, so it allows nothing.
 */
public final class CompiledPolicy {

  private final String participantId;
  private final long version;
  private final ParticipantStatus status;
  private final Set<String> issuers = new HashSet<>();
  private final Map<String, Set<String>> clientGrantTypes = new HashMap<>();
  private final List<ClinicalScope> ceiling = new ArrayList<>();
  private final Set<SpecialScope> ceilingSpecial = EnumSet.noneOf(SpecialScope.class);
  private final Set<String> purposes;
  private final Map<String, Set<Interaction>> interactions = new HashMap<>();

  private CompiledPolicy(ParticipantSnapshot s) {
    participantId = s.participantId();
    version = s.version();
    status = s.status();
    s.issuers().forEach(i -> issuers.add(i.issuer()));
    for (RegisteredClient c : s.clients()) {
      clientGrantTypes.put(c.clientId(), Set.copyOf(c.grantTypes()));
    }
    for (String text : s.policy().scopeCeiling()) {
      try {
        SmartScope scope = Scopes.parseOne(text);
        if (scope instanceof ClinicalScope clinical) {
          ceiling.add(clinical);
        } else {
          ceilingSpecial.add((SpecialScope) scope);
        }
      } catch (ScopeSyntaxException e) {
        // validated on write; an unparsable rule grants nothing
      }
    }
    purposes = Set.copyOf(s.policy().purposes());
    s.policy()
        .resourceInteractions()
        .forEach(
            (type, list) -> {
              EnumSet<Interaction> set = EnumSet.noneOf(Interaction.class);
              list.forEach(code -> Interaction.fromCode(code).ifPresent(set::add));
              interactions.put(type, set);
            });
  }

  public static CompiledPolicy of(ParticipantSnapshot snapshot) {
    return new CompiledPolicy(snapshot);
  }

  public String participantId() {
    return participantId;
  }

  public long version() {
    return version;
  }

  ParticipantStatus status() {
    return status;
  }

  boolean operatesIssuer(String issuer) {
    return issuers.contains(issuer);
  }

  Set<String> grantTypesOf(String clientId) {
    return clientGrantTypes.get(clientId);
  }

  List<ClinicalScope> ceiling() {
    return ceiling;
  }

  Set<SpecialScope> ceilingSpecial() {
    return ceilingSpecial;
  }

  boolean allowsPurpose(String code) {
    return purposes.contains(code);
  }

  boolean allowsInteraction(String resourceType, Interaction interaction) {
    Set<Interaction> set = interactions.get(resourceType);
    return set != null && set.contains(interaction);
  }
}
