package org.qhinguard.facade.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The participant's minimization profile for one exchange purpose: per resource type, the elements
 * that may leave. Everything else is removed and the resource is tagged {@code SUBSETTED} (FHIR R4
 * 3.1.1.5.8, system v3-ObservationValue). A type without a profile is left whole.
 */
public final class Minimization {

  public static final String SUBSETTED_SYSTEM =
      "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";
  public static final String SUBSETTED_CODE = "SUBSETTED";

  /** Always kept: the element names that make a resource a resource. */
  private static final Set<String> ALWAYS = Set.of("resourceType", "id", "meta");

  private static final Minimization NONE = new Minimization(Map.of());

  private final Map<String, List<String>> elementsByType;

  private Minimization(Map<String, List<String>> elementsByType) {
    this.elementsByType = elementsByType;
  }

  public static Minimization none() {
    return NONE;
  }

  /**
   * @param profile {@code TrustPolicy.minimization}: type, then purpose code, then elements
   * @param purpose the asserted purpose of use
   */
  public static Minimization forPurpose(
      Map<String, Map<String, List<String>>> profile, String purpose) {
    if (profile == null || profile.isEmpty() || purpose == null) {
      return NONE;
    }
    Map<String, List<String>> out = new java.util.HashMap<>();
    profile.forEach(
        (type, byPurpose) -> {
          List<String> elements = byPurpose == null ? null : byPurpose.get(purpose);
          if (elements != null) {
            out.put(type, List.copyOf(elements));
          }
        });
    return out.isEmpty() ? NONE : new Minimization(Map.copyOf(out));
  }

  public boolean isNone() {
    return elementsByType.isEmpty();
  }

  /** Removes what the profile does not allow; true when something was removed. */
  public boolean apply(ObjectNode resource) {
    List<String> allowed = elementsByType.get(resource.path("resourceType").asText());
    if (allowed == null) {
      return false;
    }
    List<String> remove = new ArrayList<>();
    Iterator<String> names = resource.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (!ALWAYS.contains(f) && !allowedElement(allowed, f)) {
        remove.add(f);
      }
    }
    if (remove.isEmpty()) {
      return false;
    }
    resource.remove(remove);
    tagSubsetted(resource);
    return true;
  }

  private static boolean allowedElement(List<String> allowed, String field) {
    for (String a : allowed) {
      String base = a.endsWith("[x]") ? a.substring(0, a.length() - 3) : a;
      if (field.equals(base) || field.equals("_" + base)) {
        return true;
      }
      if (field.startsWith(base)
          && field.length() > base.length()
          && Character.isUpperCase(field.charAt(base.length()))) {
        return true; // value[x] as valueQuantity
      }
    }
    return false;
  }

  public static void tagSubsetted(ObjectNode resource) {
    ObjectNode meta =
        resource.has("meta") && resource.get("meta").isObject()
            ? (ObjectNode) resource.get("meta")
            : resource.putObject("meta");
    JsonNode tags = meta.get("tag");
    ArrayNode arr = tags != null && tags.isArray() ? (ArrayNode) tags : meta.putArray("tag");
    for (JsonNode t : arr) {
      if (SUBSETTED_CODE.equals(t.path("code").asText())
          && SUBSETTED_SYSTEM.equals(t.path("system").asText())) {
        return;
      }
    }
    arr.addObject()
        .put("system", SUBSETTED_SYSTEM)
        .put("code", SUBSETTED_CODE)
        .put("display", "subsetted");
  }
}
