package org.qhinguard.common.events;

import java.util.Optional;

/**
 * The versioned CloudEvents {@code type} names on the bus. A new shape is a new version; a consumer
 * that meets a type it does not know dead-letters it instead of guessing.
 */
public enum EventType {
  AUDIT_RECORDED("org.qhinguard.audit.recorded", 1, AuditEventData.class),
  POLICY_CHANGED("org.qhinguard.policy.changed", 1, PolicyChangedData.class),
  ANOMALY_RAISED("org.qhinguard.anomaly.raised", 1, AnomalyData.class),
  TOKEN_REVOKED("org.qhinguard.token.revoked", 1, TokenRevokedData.class);

  private final String family;
  private final int version;
  private final Class<?> dataClass;

  EventType(String family, int version, Class<?> dataClass) {
    this.family = family;
    this.version = version;
    this.dataClass = dataClass;
  }

  /** The full CloudEvents type, e.g. {@code org.qhinguard.audit.recorded.v1}. */
  public String type() {
    return family + ".v" + version;
  }

  public String family() {
    return family;
  }

  public int version() {
    return version;
  }

  public Class<?> dataClass() {
    return dataClass;
  }

  /** The JSON Schema of the data of this type, on the classpath. */
  public String schemaResource() {
    return "/schemas/" + type() + ".json";
  }

  public static Optional<EventType> fromType(String type) {
    for (EventType t : values()) {
      if (t.type().equals(type)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code type} is of a family we know but a version we do not. */
  public static boolean isUnknownVersionOfKnownFamily(String type) {
    if (type == null || fromType(type).isPresent()) {
      return false;
    }
    for (EventType t : values()) {
      if (type.startsWith(t.family + ".v")) {
        return true;
      }
    }
    return false;
  }
}
