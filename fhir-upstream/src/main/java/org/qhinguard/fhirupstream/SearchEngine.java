package org.qhinguard.fhirupstream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Resource;

/**
 * FHIR search over the store: token and reference parameters by the paths HAPI's R4 search
 * parameter definitions give ({@code Observation.subject.where(resolve() is Patient)} reads as
 * {@code Observation.subject}), {@code _id}, {@code _include} and {@code _revinclude}. Anything it
 * cannot evaluate faithfully is refused, never ignored.
 */
public final class SearchEngine {

  /** The parameters that control the result, not the match (FHIR R4 3.1.1.5). */
  static final Set<String> RESULT_PARAMS =
      Set.of(
          "_count",
          "_offset",
          "_include",
          "_revinclude",
          "_elements",
          "_summary",
          "_format",
          "_pretty",
          "_total",
          "_sort");

  private final FhirContext ctx;
  private final FhirTerser terser;
  private final ResourceStore store;

  public SearchEngine(FhirContext ctx, ResourceStore store) {
    this.ctx = ctx;
    this.terser = ctx.newTerser();
    this.store = store;
  }

  /** A parameter the engine cannot evaluate. */
  public static final class UnsupportedSearchException extends RuntimeException {
    public UnsupportedSearchException(String message) {
      super(message);
    }
  }

  public List<Resource> match(String type, Map<String, List<String>> params) {
    RuntimeResourceDefinition def = ctx.getResourceDefinition(type);
    List<Criterion> criteria = new ArrayList<>();
    for (Map.Entry<String, List<String>> p : params.entrySet()) {
      String name = p.getKey();
      if (RESULT_PARAMS.contains(name)) {
        continue;
      }
      for (String value : p.getValue()) {
        criteria.add(criterion(def, type, name, value));
      }
    }
    List<Resource> out = new ArrayList<>();
    for (Resource r : store.all(type)) {
      if (criteria.stream().allMatch(c -> c.matches(r))) {
        out.add(r);
      }
    }
    return out;
  }

  private interface Criterion {
    boolean matches(Resource r);
  }

  private Criterion criterion(RuntimeResourceDefinition def, String type, String name, String v) {
    if (name.equals("_id")) {
      List<String> ids = List.of(v.split(","));
      return r -> ids.contains(r.getIdElement().getIdPart());
    }
    if (name.contains(":") || name.contains(".") || name.startsWith("_")) {
      throw new UnsupportedSearchException(
          "search parameter '" + name + "' (modifiers, chains, _has) is not supported");
    }
    RuntimeSearchParam sp = def.getSearchParam(name);
    if (sp == null) {
      throw new UnsupportedSearchException("unknown search parameter '" + name + "' for " + type);
    }
    List<String> paths = paths(sp, type);
    List<String> alternatives = List.of(v.split(","));
    if (sp.getParamType() == RestSearchParameterTypeEnum.TOKEN) {
      return r ->
          values(r, paths).stream()
              .anyMatch(x -> alternatives.stream().anyMatch(a -> tokenMatches(x, a)));
    }
    if (sp.getParamType() == RestSearchParameterTypeEnum.REFERENCE) {
      return r ->
          values(r, paths).stream()
              .anyMatch(x -> alternatives.stream().anyMatch(a -> referenceMatches(x, a, sp)));
    }
    throw new UnsupportedSearchException(
        "search parameter '" + name + "' of type " + sp.getParamType() + " is not supported");
  }

  /** The element paths of a search parameter, without FHIRPath functions it cannot run. */
  public static List<String> paths(RuntimeSearchParam sp, String type) {
    List<String> out = new ArrayList<>();
    for (String raw : sp.getPathsSplitForResourceType(type)) {
      String p = raw.trim();
      int where = p.indexOf(".where(");
      if (where > 0) {
        p = p.substring(0, where);
      }
      if (p.startsWith(type + ".") && !p.contains("(") && !p.contains(" ")) {
        out.add(p);
      }
    }
    return out;
  }

  List<IBase> values(Resource r, List<String> paths) {
    List<IBase> out = new ArrayList<>();
    for (String p : paths) {
      out.addAll(terser.getValues(r, p));
    }
    return out;
  }

  private static boolean tokenMatches(IBase value, String token) {
    String system = null;
    String code = token;
    int bar = token.indexOf('|');
    if (bar >= 0) {
      system = bar == 0 ? "" : token.substring(0, bar);
      code = token.substring(bar + 1);
    }
    if (value instanceof CodeableConcept cc) {
      for (Coding c : cc.getCoding()) {
        if (codingMatches(c.getSystem(), c.getCode(), system, code)) {
          return true;
        }
      }
      return false;
    }
    if (value instanceof Coding c) {
      return codingMatches(c.getSystem(), c.getCode(), system, code);
    }
    if (value instanceof Identifier id) {
      return codingMatches(id.getSystem(), id.getValue(), system, code);
    }
    if (value instanceof IPrimitiveType<?> prim) {
      return system == null && code.equals(prim.getValueAsString());
    }
    return false;
  }

  private static boolean codingMatches(String sys, String c, String wantSys, String wantCode) {
    if (wantSys != null && !wantSys.equals(sys == null ? "" : sys)) {
      return false;
    }
    return wantCode.isEmpty() || wantCode.equals(c);
  }

  private static boolean referenceMatches(IBase value, String wanted, RuntimeSearchParam sp) {
    if (!(value instanceof IBaseReference ref) || ref.getReferenceElement().isEmpty()) {
      return false;
    }
    var el = ref.getReferenceElement();
    String wantedType = null;
    String wantedId = wanted;
    int slash = wanted.lastIndexOf('/');
    if (slash > 0) {
      String head = wanted.substring(0, slash);
      wantedType = head.substring(head.lastIndexOf('/') + 1);
      wantedId = wanted.substring(slash + 1);
    }
    if (wantedType != null && !wantedType.equals(el.getResourceType())) {
      return false;
    }
    if (wantedType == null && sp.getTargets().size() == 1) {
      String only = sp.getTargets().iterator().next();
      if (!only.equals(el.getResourceType())) {
        return false;
      }
    }
    return wantedId.equals(el.getIdPart());
  }

  /**
   * The resources {@code _include} ({@code Type:param[:target]}) reaches from {@code matches}, and
   * those {@code _revinclude} reaches back to them, de-duplicated and without the matches.
   */
  public List<Resource> includes(
      List<Resource> matches, List<String> includes, List<String> revIncludes) {
    Map<String, Resource> out = new LinkedHashMap<>();
    Set<String> seen = new java.util.HashSet<>();
    matches.forEach(m -> seen.add(key(m)));
    for (String inc : includes) {
      String[] parts = inc.split(":");
      if (parts.length < 2 || !store.supports(parts[0])) {
        throw new UnsupportedSearchException("_include '" + inc + "' is not supported");
      }
      RuntimeSearchParam sp = searchParam(parts[0], parts[1]);
      for (Resource m : matches) {
        if (!m.fhirType().equals(parts[0])) {
          continue;
        }
        for (IBase v : values(m, paths(sp, parts[0]))) {
          if (v instanceof IBaseReference ref) {
            var el = ref.getReferenceElement();
            String t = el.getResourceType();
            if (t == null || !store.supports(t) || (parts.length > 2 && !parts[2].equals(t))) {
              continue;
            }
            store
                .current(t, el.getIdPart())
                .ifPresent(
                    r -> {
                      if (!seen.contains(key(r))) {
                        out.putIfAbsent(key(r), r);
                      }
                    });
          }
        }
      }
    }
    for (String rev : revIncludes) {
      String[] parts = rev.split(":");
      if (parts.length < 2 || !store.supports(parts[0])) {
        throw new UnsupportedSearchException("_revinclude '" + rev + "' is not supported");
      }
      RuntimeSearchParam sp = searchParam(parts[0], parts[1]);
      List<String> paths = paths(sp, parts[0]);
      for (Resource candidate : store.all(parts[0])) {
        for (IBase v : values(candidate, paths)) {
          if (v instanceof IBaseReference ref
              && matches.stream()
                  .anyMatch(
                      m ->
                          m.fhirType().equals(ref.getReferenceElement().getResourceType())
                              && m.getIdElement()
                                  .getIdPart()
                                  .equals(ref.getReferenceElement().getIdPart()))
              && !seen.contains(key(candidate))) {
            out.putIfAbsent(key(candidate), candidate);
          }
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  private RuntimeSearchParam searchParam(String type, String name) {
    RuntimeSearchParam sp = ctx.getResourceDefinition(type).getSearchParam(name);
    if (sp == null || sp.getParamType() != RestSearchParameterTypeEnum.REFERENCE) {
      throw new UnsupportedSearchException(type + ":" + name + " is not a reference parameter");
    }
    return sp;
  }

  /** Every resource in the Patient compartment of {@code patientId} (for Patient/$everything). */
  public List<Resource> compartment(String patientId) {
    List<Resource> out = new ArrayList<>();
    store.current("Patient", patientId).ifPresent(out::add);
    for (String type : ResourceStore.TYPES) {
      if (type.equals("Patient")) {
        continue;
      }
      List<String> paths = new ArrayList<>();
      for (RuntimeSearchParam sp :
          ctx.getResourceDefinition(type).getSearchParamsForCompartmentName("Patient")) {
        paths.addAll(paths(sp, type));
      }
      for (Resource r : store.all(type)) {
        boolean in =
            values(r, paths).stream()
                .anyMatch(
                    v ->
                        v instanceof IBaseReference ref
                            && "Patient".equals(ref.getReferenceElement().getResourceType())
                            && patientId.equals(ref.getReferenceElement().getIdPart()));
        if (in) {
          out.add(r);
        }
      }
    }
    return out;
  }

  private static String key(Resource r) {
    return r.fhirType() + "/" + r.getIdElement().getIdPart();
  }
}
