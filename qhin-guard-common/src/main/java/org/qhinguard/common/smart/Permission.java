package org.qhinguard.common.smart;

import java.util.EnumSet;
import java.util.Set;

/**
 * A SMART v2 permission letter. The canonical order of letters in a scope is {@code c r u d s}
 * (SMART App Launch 2.x, section 3.2).
 */
public enum Permission {
  CREATE('c'),
  READ('r'),
  UPDATE('u'),
  DELETE('d'),
  SEARCH('s');

  private final char letter;

  Permission(char letter) {
    this.letter = letter;
  }

  public char letter() {
    return letter;
  }

  /** v1 {@code read} is v2 {@code rs}. */
  public static final Set<Permission> V1_READ = EnumSet.of(READ, SEARCH);

  /** v1 {@code write} is v2 {@code cud}. */
  public static final Set<Permission> V1_WRITE = EnumSet.of(CREATE, UPDATE, DELETE);

  public static String letters(Set<Permission> permissions) {
    StringBuilder sb = new StringBuilder(5);
    for (Permission p : values()) {
      if (permissions.contains(p)) {
        sb.append(p.letter);
      }
    }
    return sb.toString();
  }
}
