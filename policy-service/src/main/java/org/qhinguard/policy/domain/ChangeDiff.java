package org.qhinguard.policy.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * What changed between two versions of a participant, field by field. Arrays are compared whole.
 * Secret hashes are never copied into a diff; only the fact that one changed.
 */
public final class ChangeDiff {
  private ChangeDiff() {}

  /** One changed field; {@code from} or {@code to} is null where the field was added or removed. */
  public record Change(String path, JsonNode from, JsonNode to) {}

  private static final String SECRET = "secretHash";
  private static final TextNode REDACTED = TextNode.valueOf("(redacted)");

  public static List<Change> between(JsonNode before, JsonNode after) {
    List<Change> out = new ArrayList<>();
    walk("", before, after, out);
    return out;
  }

  private static void walk(String path, JsonNode a, JsonNode b, List<Change> out) {
    if (a != null && b != null && a.isObject() && b.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        walk(path.isEmpty() ? name : path + "." + name, a.get(name), b.get(name), out);
      }
      return;
    }
    JsonNode from = absentIfNull(a);
    JsonNode to = absentIfNull(b);
    if (from == null ? to == null : from.equals(to)) {
      return;
    }
    out.add(new Change(path, redact(from), redact(to)));
  }

  private static JsonNode absentIfNull(JsonNode n) {
    return n == null || n.isNull() ? null : n;
  }

  /** A copy of {@code node} with every secret hash replaced by a marker. */
  public static JsonNode redact(JsonNode node) {
    if (node == null) {
      return null;
    }
    JsonNode copy = node.deepCopy();
    redactInPlace(copy);
    return copy;
  }

  private static void redactInPlace(JsonNode node) {
    if (node.isObject()) {
      var obj = (com.fasterxml.jackson.databind.node.ObjectNode) node;
      if (obj.hasNonNull(SECRET)) {
        obj.set(SECRET, REDACTED);
      }
      Iterator<JsonNode> children = obj.elements();
      while (children.hasNext()) {
        redactInPlace(children.next());
      }
    } else if (node.isArray()) {
      node.forEach(ChangeDiff::redactInPlace);
    }
  }
}
