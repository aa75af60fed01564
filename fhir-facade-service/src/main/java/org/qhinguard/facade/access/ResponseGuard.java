package org.qhinguard.facade.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Holds what leaves the facade to the grant: every resource in a response must be visible to the
 * grant (type, patient compartment, scope constraints), else it is removed from a bundle or the
 * response is refused; kept resources are minimized. Upstream URLs become the facade's.
 */
public final class ResponseGuard {

  /**
   * What went out: how many resources, how many removed, whose data, and whether the body differs
   * from the upstream's (when not, the upstream's bytes can go out as they came).
   */
  public record Result(int returned, int removed, List<String> patients, boolean modified) {}

  private final AccessPolicy policy;

  public ResponseGuard(AccessPolicy policy) {
    this.policy = policy;
  }

  /**
   * Filters {@code body} in place.
   *
   * @throws FacadeException 403 when a single resource is outside the grant
   */
  public Result filter(
      Grant g, Minimization minimization, ObjectNode body, String upstreamBase, String publicBase) {
    Counter c = new Counter();
    String type = body.path("resourceType").asText("");
    if (type.equals("Bundle")) {
      filterBundle(g, minimization, body, upstreamBase, publicBase, c);
    } else if (!type.equals("OperationOutcome")) {
      if (!policy.visible(g, body)) {
        throw FacadeException.forbidden(
            type
                + "/"
                + body.path("id").asText("?")
                + " is outside what the grant may read (patient compartment or scope constraints)");
      }
      keep(g, minimization, body, c);
    }
    return new Result(c.returned, c.removed, new ArrayList<>(c.patients), c.modified);
  }

  private static final class Counter {
    int returned;
    int removed;
    boolean modified;
    final Set<String> patients = new LinkedHashSet<>();
  }

  private void keep(Grant g, Minimization m, ObjectNode resource, Counter c) {
    c.returned++;
    c.patients.addAll(policy.model().patientsOf(resource));
    c.modified |= m.apply(resource);
  }

  private void filterBundle(
      Grant g,
      Minimization m,
      ObjectNode bundle,
      String upstreamBase,
      String publicBase,
      Counter c) {
    c.modified = true; // entries and links are rewritten to the facade's base
    JsonNode entries = bundle.get("entry");
    int removedMatches = 0;
    if (entries != null && entries.isArray()) {
      ArrayNode kept = bundle.arrayNode();
      for (JsonNode entry : entries) {
        JsonNode res = entry.get("resource");
        if (res == null || !res.isObject()) {
          kept.add(entry);
          continue;
        }
        String type = res.path("resourceType").asText("");
        if (type.equals("OperationOutcome")) {
          kept.add(entry);
        } else if (type.equals("Bundle")) {
          filterBundle(g, m, (ObjectNode) res, upstreamBase, publicBase, c);
          kept.add(entry);
        } else if (policy.visible(g, res)) {
          keep(g, m, (ObjectNode) res, c);
          kept.add(entry);
        } else {
          c.removed++;
          if (!"include".equals(entry.path("search").path("mode").asText())) {
            removedMatches++;
          }
          continue;
        }
        rewrite((ObjectNode) entry, "fullUrl", upstreamBase, publicBase);
      }
      bundle.set("entry", kept);
    }
    if (removedMatches > 0 && bundle.has("total")) {
      bundle.put("total", Math.max(0, bundle.get("total").asInt() - removedMatches));
    }
    JsonNode links = bundle.get("link");
    if (links != null && links.isArray()) {
      for (JsonNode l : links) {
        if (l.isObject()) {
          rewrite((ObjectNode) l, "url", upstreamBase, publicBase);
        }
      }
    }
  }

  private static void rewrite(ObjectNode node, String field, String from, String to) {
    JsonNode v = node.get(field);
    if (v != null && v.isTextual() && v.asText().startsWith(from)) {
      node.put(field, to + v.asText().substring(from.length()));
    }
  }
}
