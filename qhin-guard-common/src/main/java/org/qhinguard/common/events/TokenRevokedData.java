package org.qhinguard.common.events;

import java.time.Instant;

/**
 * The data of {@code org.qhinguard.token.revoked.v1}: the token authority revoked the token {@code
 * jti} of {@code clientId}; it stays revoked until {@code expiresAt}, when it would have expired
 * anyway. Caches of that token's introspection must be dropped. The revocation is also recorded as
 * an audit event; this event exists so that caches need not read every audit event.
 */
public record TokenRevokedData(String jti, String clientId, Instant expiresAt) {
  public TokenRevokedData {
    if (jti == null || jti.isBlank()) {
      throw new IllegalArgumentException("jti is required");
    }
    if (expiresAt == null) {
      throw new IllegalArgumentException("expiresAt is required");
    }
  }
}
