package org.qhinguard.audit.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import org.qhinguard.audit.trail.HashChain;

/** Query parameters to values, or a 400 problem that says which parameter is wrong and why. */
final class Params {
  private Params() {}

  static Instant instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw AuditProblem.badRequest(
          name
              + " must be an RFC 3339 date-time such as 2026-12-03T09:00:00Z, not '"
              + value
              + "'");
    }
  }

  private static final java.util.regex.Pattern ANCHOR =
      java.util.regex.Pattern.compile("([1-9][0-9]{0,17}):([0-9a-f]{64})");

  /**
   * {@code <seq>:<hash>} as a verification report gives them ({@code lastSeq}, {@code lastHash}).
   */
  static HashChain.Head anchor(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    java.util.regex.Matcher m = ANCHOR.matcher(value.trim());
    if (!m.matches()) {
      throw AuditProblem.badRequest(
          "anchor must be <seq>:<hash>, the lastSeq and lastHash of an earlier report");
    }
    return new HashChain.Head(Long.parseLong(m.group(1)), m.group(2));
  }

  static void ordered(Instant from, Instant to) {
    if (from != null && to != null && !from.isBefore(to)) {
      throw AuditProblem.badRequest("from must be before to");
    }
  }

  static <E extends Enum<E>> String oneOf(String name, String value, Class<E> type) {
    if (value == null || value.isBlank()) {
      return null;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value)) {
        return e.name();
      }
    }
    throw AuditProblem.badRequest(
        name
            + " must be one of "
            + Arrays.toString(type.getEnumConstants())
            + ", not '"
            + value
            + "'");
  }

  static String text(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  static int limit(String value, int defaultLimit, int max) {
    if (value == null || value.isBlank()) {
      return defaultLimit;
    }
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > max) {
      throw AuditProblem.badRequest("limit must be between 1 and " + max);
    }
    return n;
  }

  /** Cursors are opaque to clients: base64url of what the next page continues from. */
  static String cursor(String position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(position.getBytes(StandardCharsets.UTF_8));
  }

  static String position(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalidCursor();
    }
  }

  static AuditProblem invalidCursor() {
    return AuditProblem.badRequest("cursor is not one this API returned");
  }
}
