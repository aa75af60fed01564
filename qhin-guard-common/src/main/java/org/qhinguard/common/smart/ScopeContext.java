package org.qhinguard.common.smart;

import java.util.Optional;

/** The launch context a SMART clinical scope is bound to (SMART App Launch 2.x, section 3.1). */
public enum ScopeContext {
  PATIENT("patient"),
  USER("user"),
  SYSTEM("system");

  private final String prefix;

  ScopeContext(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  public static Optional<ScopeContext> fromPrefix(String prefix) {
    for (ScopeContext c : values()) {
      if (c.prefix.equals(prefix)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
