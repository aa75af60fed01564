package org.qhinguard.common.smart;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Parses an OAuth scope string (RFC 6749 section 3.3) into SMART scopes, v1 and v2. */
public final class Scopes {
  private Scopes() {}

  /** RFC 6749 section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
  static boolean isScopeToken(String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (!(c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E))) {
        return false;
      }
    }
    return true;
  }

  public static final int MAX_SCOPES = 100;

  /** A scope that could not be parsed, with the reason. */
  public record Rejected(String scope, String reason) {}

  /** The parsed scopes, in request order, de-duplicated by canonical form, and the rejected. */
  public record Parsed(List<SmartScope> scopes, List<Rejected> rejected) {
    public List<ClinicalScope> clinical() {
      return scopes.stream()
          .filter(ClinicalScope.class::isInstance)
          .map(ClinicalScope.class::cast)
          .toList();
    }

    public List<SpecialScope> special() {
      return scopes.stream()
          .filter(SpecialScope.class::isInstance)
          .map(SpecialScope.class::cast)
          .toList();
    }
  }

  /** One scope token; a {@link ScopeSyntaxException} says why it is not a SMART scope. */
  public static SmartScope parseOne(String token) {
    if (!isScopeToken(token)) {
      throw new ScopeSyntaxException(
          String.valueOf(token), "not an RFC 6749 scope-token (section 3.3)");
    }
    var special = SpecialScope.fromText(token);
    if (special.isPresent()) {
      return special.get();
    }
    if (token.startsWith("launch/")) {
      throw new ScopeSyntaxException(token, "unknown launch context scope");
    }
    return ClinicalScope.parse(token);
  }

  /** A space-delimited scope string; null or blank is no scopes. */
  public static Parsed parse(String scopeString) {
    // Equal scopes have equal canonical forms: the set de-duplicates by canonical form.
    Set<SmartScope> out = new LinkedHashSet<>();
    List<Rejected> rejected = new ArrayList<>();
    if (scopeString == null || scopeString.isBlank()) {
      return new Parsed(List.of(), List.of());
    }
    String[] tokens = scopeString.split(" ", -1);
    if (tokens.length > MAX_SCOPES) {
      return new Parsed(
          List.of(), List.of(new Rejected(scopeString, "more than " + MAX_SCOPES + " scopes")));
    }
    for (String token : tokens) {
      if (token.isEmpty()) {
        continue; // tolerate doubled spaces; RFC 6749 uses exactly one, but nothing is gained
      }
      try {
        SmartScope s = parseOne(token);
        out.add(s);
      } catch (ScopeSyntaxException e) {
        rejected.add(new Rejected(token, e.getMessage()));
      }
    }
    return new Parsed(List.copyOf(out), List.copyOf(rejected));
  }

  /** The space-delimited canonical form of scopes. */
  public static String render(List<? extends SmartScope> scopes) {
    StringBuilder sb = new StringBuilder();
    for (SmartScope s : scopes) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(s.canonical());
    }
    return sb.toString();
  }
}
