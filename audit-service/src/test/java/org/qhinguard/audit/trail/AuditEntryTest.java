package org.qhinguard.audit.trail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;
import org.qhinguard.common.events.EventType;
import org.qhinguard.common.events.TokenRevokedData;

class AuditEntryTest {
  private final EventCodec codec = new EventCodec();

  @Test
  void aTokenRevokedEventBecomesATokenRevocationRecordOfItsClient() throws Exception {
    CloudEvent<TokenRevokedData> event =
        CloudEvent.of(
            "/qhin-guard/token-authority-service",
            EventType.TOKEN_REVOKED,
            "c-1",
            new TokenRevokedData("jti-1", "c-1", Instant.parse("2026-01-01T00:05:00Z")));

    AuditEntry entry = AuditEntry.of(codec.decode(codec.encode(event)), codec.mapper());

    assertThat(entry.type()).isEqualTo("org.qhinguard.token.revoked.v1");
    assertThat(entry.action()).isEqualTo("TOKEN_REVOCATION");
    assertThat(entry.clientId()).isEqualTo("c-1");
    assertThat(entry.data()).contains("\"jti\":\"jti-1\"");
  }
}
