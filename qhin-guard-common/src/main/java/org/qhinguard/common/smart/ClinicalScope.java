package org.qhinguard.common.smart;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A SMART clinical scope in its v2 form: {@code context/type.cruds?param=value}. v1 scopes ({@code
 * patient/Observation.read}) are normalized on parse ({@code read} is {@code rs}, {@code write} is
 * {@code cud}, {@code *} is {@code cruds}).
 *
 * <p>Constraints are the v2 query parameters (SMART App Launch 2.x, section 3.2.1.1): each
 * parameter must hold (AND); a comma separates values of which one must match (OR), as in a FHIR
 * search.
 */
public record ClinicalScope(
    ScopeContext context,
    String resourceType,
    Set<Permission> permissions,
    SortedMap<String, SortedSet<String>> constraints)
    implements SmartScope {

  public static final String ANY_TYPE = "*";
  static final int MAX_LENGTH = 512;
  private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z0-9_\\-.:]{1,64}");

  public ClinicalScope {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(resourceType, "resourceType");
    if (permissions == null || permissions.isEmpty()) {
      throw new IllegalArgumentException("a clinical scope needs at least one permission");
    }
    permissions = Collections.unmodifiableSet(EnumSet.copyOf(permissions));
    if (constraints == null || constraints.isEmpty()) {
      constraints = Collections.emptySortedMap();
    } else {
      TreeMap<String, SortedSet<String>> copy = new TreeMap<>();
      constraints.forEach(
          (k, v) -> copy.put(k, Collections.unmodifiableSortedSet(new TreeSet<>(v))));
      constraints = Collections.unmodifiableSortedMap(copy);
    }
  }

  public static ClinicalScope of(
      ScopeContext context, String resourceType, Set<Permission> permissions) {
    return new ClinicalScope(context, resourceType, permissions, null);
  }

  /** Parses one clinical scope, v1 or v2; anything else is a {@link ScopeSyntaxException}. */
  public static ClinicalScope parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new ScopeSyntaxException(String.valueOf(text), "empty scope");
    }
    if (text.length() > MAX_LENGTH) {
      throw new ScopeSyntaxException(text, "scope longer than " + MAX_LENGTH + " characters");
    }
    int slash = text.indexOf('/');
    if (slash <= 0) {
      throw new ScopeSyntaxException(text, "no context prefix (patient/, user/ or system/)");
    }
    ScopeContext context =
        ScopeContext.fromPrefix(text.substring(0, slash))
            .orElseThrow(
                () ->
                    new ScopeSyntaxException(
                        text, "unknown context '" + text.substring(0, slash) + "'"));
    String rest = text.substring(slash + 1);
    String query = null;
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    int dot = rest.lastIndexOf('.');
    if (dot <= 0 || dot == rest.length() - 1) {
      throw new ScopeSyntaxException(text, "expected <type>.<permissions>");
    }
    String type = rest.substring(0, dot);
    String perm = rest.substring(dot + 1);
    if (!ANY_TYPE.equals(type) && !FhirResourceTypes.isKnown(type)) {
      throw new ScopeSyntaxException(text, "unknown FHIR R4 resource type '" + type + "'");
    }
    Set<Permission> permissions;
    boolean v1 = false;
    switch (perm) {
      case "read" -> {
        permissions = Permission.V1_READ;
        v1 = true;
      }
      case "write" -> {
        permissions = Permission.V1_WRITE;
        v1 = true;
      }
      case "*" -> {
        permissions = EnumSet.allOf(Permission.class);
        v1 = true;
      }
      default -> permissions = parseLetters(text, perm);
    }
    if (v1 && query != null) {
      throw new ScopeSyntaxException(text, "SMART v1 scopes take no query constraints");
    }
    return new ClinicalScope(context, type, permissions, parseQuery(text, query));
  }

  private static final String LETTERS = "cruds";
  private static final Permission[] BY_LETTER = Permission.values();

  private static Set<Permission> parseLetters(String text, String letters) {
    EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
    if (letters.isEmpty()) {
      throw new ScopeSyntaxException(text, "no permissions");
    }
    int last = -1;
    for (int k = 0; k < letters.length(); k++) {
      int i = LETTERS.indexOf(letters.charAt(k));
      if (i <= last) { // unknown, repeated or out of the order c r u d s
        throw new ScopeSyntaxException(
            text, "permissions must be v1 read/write/* or v2 letters in the order c r u d s");
      }
      set.add(BY_LETTER[i]);
      last = i;
    }
    return set;
  }

  private static SortedMap<String, SortedSet<String>> parseQuery(String text, String query) {
    TreeMap<String, SortedSet<String>> out = new TreeMap<>();
    if (query == null) {
      return out;
    }
    if (query.isEmpty()) {
      throw new ScopeSyntaxException(text, "empty query constraint after '?'");
    }
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new ScopeSyntaxException(text, "constraint '" + pair + "' is not name=value");
      }
      String name = pair.substring(0, eq);
      if (!PARAM_NAME.matcher(name).matches()) {
        throw new ScopeSyntaxException(text, "invalid constraint parameter '" + name + "'");
      }
      if (out.containsKey(name)) {
        throw new ScopeSyntaxException(text, "constraint parameter '" + name + "' repeated");
      }
      TreeSet<String> values = new TreeSet<>();
      for (String raw : pair.substring(eq + 1).split(",", -1)) {
        String value;
        try {
          value = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw new ScopeSyntaxException(text, "bad percent-encoding in '" + pair + "'");
        }
        if (value.isEmpty()) {
          throw new ScopeSyntaxException(text, "empty value in constraint '" + pair + "'");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
          throw new ScopeSyntaxException(text, "control character in constraint '" + pair + "'");
        }
        values.add(value);
      }
      out.put(name, values);
    }
    return out;
  }

  public boolean anyType() {
    return ANY_TYPE.equals(resourceType);
  }

  public boolean appliesTo(String type) {
    return anyType() || resourceType.equals(type);
  }

  public boolean allows(Permission permission) {
    return permissions.contains(permission);
  }

  /**
   * The part of this (requested) scope that {@code ceiling} allows, or empty when nothing is left.
   * The context never changes: a {@code patient/} scope is never met by a {@code user/} or {@code
   * system/} ceiling, nor the other way round. A wildcard type narrows to the ceiling's type;
   * constraints of both hold together.
   */
  public Optional<ClinicalScope> intersect(ClinicalScope ceiling) {
    if (context != ceiling.context) {
      return Optional.empty();
    }
    String type;
    if (anyType()) {
      type = ceiling.resourceType;
    } else if (ceiling.appliesTo(resourceType)) {
      type = resourceType;
    } else {
      return Optional.empty();
    }
    EnumSet<Permission> perms = EnumSet.copyOf(permissions);
    perms.retainAll(ceiling.permissions);
    if (perms.isEmpty()) {
      return Optional.empty();
    }
    if (ceiling.constraints.isEmpty()) {
      return Optional.of(new ClinicalScope(context, type, perms, constraints));
    }
    TreeMap<String, SortedSet<String>> merged = new TreeMap<>(constraints);
    for (Map.Entry<String, SortedSet<String>> e : ceiling.constraints.entrySet()) {
      SortedSet<String> mine = merged.get(e.getKey());
      if (mine == null) {
        merged.put(e.getKey(), e.getValue());
      } else {
        TreeSet<String> both = new TreeSet<>(mine);
        both.retainAll(e.getValue());
        if (both.isEmpty()) {
          return Optional.empty();
        }
        merged.put(e.getKey(), both);
      }
    }
    return Optional.of(new ClinicalScope(context, type, perms, merged));
  }

  /**
   * Whether everything this scope allows is also allowed by {@code other}: the same as {@code
   * intersect(other)} being this scope, decided without building the intersection.
   */
  public boolean isCoveredBy(ClinicalScope other) {
    if (context != other.context) {
      return false;
    }
    if (anyType() ? !other.anyType() : !other.appliesTo(resourceType)) {
      return false;
    }
    if (!other.permissions.containsAll(permissions)) {
      return false;
    }
    for (Map.Entry<String, SortedSet<String>> c : other.constraints.entrySet()) {
      SortedSet<String> mine = constraints.get(c.getKey());
      if (mine == null || !c.getValue().containsAll(mine)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the search parameters of a request hold this scope's constraints: every constrained
   * parameter is present and each of its values is among the allowed ones.
   */
  public boolean constraintsHeldBy(Map<String, List<String>> searchParameters) {
    for (Map.Entry<String, SortedSet<String>> c : constraints.entrySet()) {
      List<String> given = searchParameters.get(c.getKey());
      if (given == null || given.isEmpty()) {
        return false;
      }
      for (String g : given) {
        for (String value : g.split(",", -1)) {
          if (!c.getValue().contains(value)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  @Override
  public String canonical() {
    StringBuilder sb =
        new StringBuilder()
            .append(context.prefix())
            .append('/')
            .append(resourceType)
            .append('.')
            .append(Permission.letters(permissions));
    char sep = '?';
    for (Map.Entry<String, SortedSet<String>> c : constraints.entrySet()) {
      sb.append(sep).append(c.getKey()).append('=');
      boolean first = true;
      for (String v : c.getValue()) {
        if (!first) {
          sb.append(',');
        }
        sb.append(encode(v));
        first = false;
      }
      sep = '&';
    }
    return sb.toString();
  }

  private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z0-9._\\-*|:/]*");

  private static String encode(String value) {
    // Keep the token system separator readable; encode only what would break the grammar.
    if (PLAIN_VALUE.matcher(value).matches()) {
      return value; // what URLEncoder leaves alone, plus the three kept readable below
    }
    return URLEncoder.encode(value, StandardCharsets.UTF_8)
        .replace("%7C", "|")
        .replace("%3A", ":")
        .replace("%2F", "/");
  }

  @Override
  public String toString() {
    return canonical();
  }
}
