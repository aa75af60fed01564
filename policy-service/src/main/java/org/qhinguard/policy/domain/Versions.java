package org.qhinguard.policy.domain;

/**
 * A participant's version as an HTTP entity tag, and the If-Match check of every write (RFC 9110
 * sections 8.8.3 and 13.1.1: strong comparison, so a weak tag never matches).
 */
public final class Versions {
  private Versions() {}

  public static String etag(long version) {
    return "\"" + version + "\"";
  }

  /**
   * @throws PolicyException 428 when {@code ifMatch} is missing, 412 when it names no current
   *     version
   */
  public static void requireMatch(String ifMatch, long current) {
    if (ifMatch == null || ifMatch.isBlank()) {
      throw PolicyException.preconditionRequired();
    }
    for (String tag : ifMatch.split(",")) {
      String t = tag.trim();
      if (t.equals("*") || t.equals(etag(current))) {
        return;
      }
    }
    throw PolicyException.stale(current);
  }
}
