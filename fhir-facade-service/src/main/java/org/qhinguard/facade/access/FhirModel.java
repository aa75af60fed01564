package org.qhinguard.facade.access;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.qhinguard.common.smart.FhirResourceTypes;

/**
 * What the facade needs to know about FHIR R4, taken from HAPI FHIR's definitions: search
 * parameters (type, targets, element paths) and the Patient CompartmentDefinition. Paths are turned
 * into JSON element paths once, so checks run on the response tree without parsing into HAPI
 * models.
 */
public final class FhirModel {

  /** A search parameter as the facade uses it. */
  public record SearchParam(
      String name,
      RestSearchParameterTypeEnum type,
      Set<String> targets,
      List<List<String>> paths) {}

  /** A reference found in a resource: {@code type/id}, either part null when absent. */
  public record Ref(String type, String id) {}

  private final FhirContext ctx;
  private final Map<String, Optional<SearchParam>> params = new ConcurrentHashMap<>();
  private final Map<String, List<List<String>>> compartmentPaths = new ConcurrentHashMap<>();

  public FhirModel() {
    this(FhirContext.forR4Cached());
  }

  public FhirModel(FhirContext ctx) {
    this.ctx = ctx;
  }

  public boolean isKnownType(String type) {
    return type != null && FhirResourceTypes.isKnown(type);
  }

  public Optional<SearchParam> searchParam(String type, String name) {
    if (!isKnownType(type)) {
      return Optional.empty();
    }
    return params.computeIfAbsent(
        type + "#" + name,
        k -> {
          RuntimeSearchParam sp = definition(type).getSearchParam(name);
          if (sp == null) {
            return Optional.empty();
          }
          return Optional.of(
              new SearchParam(
                  name,
                  sp.getParamType(),
                  Set.copyOf(sp.getTargets()),
                  jsonPaths(sp.getPathsSplitForResourceType(type), type)));
        });
  }

  /** The element paths of the Patient compartment parameters of {@code type} (FHIR R4 §3.2.3). */
  public List<List<String>> compartmentPaths(String type) {
    return compartmentPaths.computeIfAbsent(
        type,
        t -> {
          List<List<String>> out = new ArrayList<>();
          for (RuntimeSearchParam sp : definition(t).getSearchParamsForCompartmentName("Patient")) {
            out.addAll(jsonPaths(sp.getPathsSplitForResourceType(t), t));
          }
          return List.copyOf(out);
        });
  }

  /** Whether resources of {@code type} can be in a Patient compartment at all. */
  public boolean inPatientCompartmentDefinition(String type) {
    return "Patient".equals(type) || !compartmentPaths(type).isEmpty();
  }

  /**
   * The search parameter that holds a search of {@code type} to one patient: {@code _id} for
   * Patient, else {@code patient} or {@code subject} or the first compartment parameter.
   */
  public Optional<String> compartmentSearchParam(String type) {
    if ("Patient".equals(type)) {
      return Optional.of("_id");
    }
    List<String> names = new ArrayList<>();
    for (RuntimeSearchParam sp : definition(type).getSearchParamsForCompartmentName("Patient")) {
      names.add(sp.getName());
    }
    for (String preferred : List.of("patient", "subject")) {
      if (names.contains(preferred)) {
        return Optional.of(preferred);
      }
    }
    return names.isEmpty() ? Optional.empty() : Optional.of(names.get(0));
  }

  /** Whether {@code resource} is in the Patient compartment of {@code patientId}. */
  public boolean inCompartment(JsonNode resource, String patientId) {
    String type = resource.path("resourceType").asText(null);
    if (type == null) {
      return false;
    }
    if ("Patient".equals(type)) {
      return patientId.equals(resource.path("id").asText(null));
    }
    for (List<String> path : compartmentPaths(type)) {
      for (JsonNode ref : values(resource, path)) {
        Ref r = reference(ref);
        if ("Patient".equals(r.type()) && patientId.equals(r.id())) {
          return true;
        }
      }
    }
    return false;
  }

  /** The ids of the patients whose compartment {@code resource} is in. */
  public List<String> patientsOf(JsonNode resource) {
    String type = resource.path("resourceType").asText("");
    List<String> out = new ArrayList<>();
    if ("Patient".equals(type)) {
      String id = resource.path("id").asText(null);
      if (id != null) {
        out.add(id);
      }
      return out;
    }
    if (!isKnownType(type)) {
      return out;
    }
    for (List<String> path : compartmentPaths(type)) {
      for (JsonNode ref : values(resource, path)) {
        Ref r = reference(ref);
        if ("Patient".equals(r.type()) && r.id() != null && !out.contains(r.id())) {
          out.add(r.id());
        }
      }
    }
    return out;
  }

  /** The nodes at an element path; arrays are walked, {@code value} also matches value[x]. */
  public static List<JsonNode> values(JsonNode node, List<String> path) {
    List<JsonNode> current = List.of(node);
    for (String step : path) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : current) {
        if (!n.isObject()) {
          continue;
        }
        JsonNode child = n.get(step);
        if (child == null) {
          child = choice(n, step);
        }
        if (child == null) {
          continue;
        }
        if (child.isArray()) {
          child.forEach(next::add);
        } else {
          next.add(child);
        }
      }
      current = next;
    }
    return current;
  }

  private static JsonNode choice(JsonNode n, String step) {
    Iterator<String> names = n.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (f.length() > step.length()
          && f.startsWith(step)
          && Character.isUpperCase(f.charAt(step.length()))) {
        return n.get(f);
      }
    }
    return null;
  }

  /** A Reference's target: {@code Patient/1}, an absolute URL or a versioned one. */
  public static Ref reference(JsonNode ref) {
    String text = ref.path("reference").asText(null);
    if (text == null) {
      return new Ref(ref.path("type").asText(null), null);
    }
    return parseReference(text);
  }

  public static Ref parseReference(String text) {
    String t = text;
    int hist = t.indexOf("/_history/");
    if (hist > 0) {
      t = t.substring(0, hist);
    }
    int q = t.indexOf('?');
    if (q >= 0) {
      t = t.substring(0, q);
    }
    int slash = t.lastIndexOf('/');
    if (slash < 0) {
      return new Ref(null, t.isEmpty() ? null : t);
    }
    String id = t.substring(slash + 1);
    String head = t.substring(0, slash);
    String type = head.substring(head.lastIndexOf('/') + 1);
    return new Ref(type.isEmpty() ? null : type, id.isEmpty() ? null : id);
  }

  private RuntimeResourceDefinition definition(String type) {
    return ctx.getResourceDefinition(type);
  }

  private static List<List<String>> jsonPaths(List<String> fhirPaths, String type) {
    List<List<String>> out = new ArrayList<>();
    for (String raw : fhirPaths) {
      String p = raw.trim();
      int where = p.indexOf(".where(");
      if (where > 0) {
        p = p.substring(0, where);
      }
      if (p.startsWith("(") && p.endsWith(")")) {
        p = p.substring(1, p.length() - 1).trim();
      }
      int as = p.indexOf(" as ");
      if (as > 0) {
        p = p.substring(0, as).trim();
      }
      if (!p.startsWith(type + ".") || p.contains("(") || p.contains(" ")) {
        continue;
      }
      out.add(List.of(p.substring(type.length() + 1).split("\\.")));
    }
    return List.copyOf(out);
  }
}
