package org.qhinguard.common.smart;

import java.util.Locale;
import java.util.Optional;

/**
 * A FHIR RESTful interaction and the SMART v2 permission it needs (SMART App Launch 2.x, table
 * "Scopes for FHIR interactions").
 */
public enum Interaction {
  READ(Permission.READ),
  VREAD(Permission.READ),
  HISTORY(Permission.READ),
  SEARCH(Permission.SEARCH),
  CREATE(Permission.CREATE),
  UPDATE(Permission.UPDATE),
  PATCH(Permission.UPDATE),
  DELETE(Permission.DELETE),
  OPERATION(Permission.READ);

  private final Permission permission;

  Interaction(Permission permission) {
    this.permission = permission;
  }

  public Permission permission() {
    return permission;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Interaction> fromCode(String code) {
    if (code == null) {
      return Optional.empty();
    }
    for (Interaction i : values()) {
      if (i.code().equals(code.toLowerCase(Locale.ROOT))) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }
}
