package org.qhinguard.authority.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;
import org.qhinguard.common.events.EventType;
import org.qhinguard.common.events.Outcome;
import org.qhinguard.common.events.TokenRevokedData;

class AuditRelayRoutingTest {
  private final EventCodec codec = new EventCodec();

  @Test
  void eachBufferedEventIsRoutedByItsOwnTypeEvenWhenItsDataMentionsAnother() {
    String revoked =
        codec.encodeToString(
            CloudEvent.of(
                "/qhin-guard/token-authority-service",
                EventType.TOKEN_REVOKED,
                "c-1",
                new TokenRevokedData("j-1", "c-1", Instant.now())));
    String audit =
        codec.encodeToString(
            CloudEvent.of(
                "/qhin-guard/token-authority-service",
                EventType.AUDIT_RECORDED,
                null,
                AuditEventData.builder("a", AuditAction.TOKEN_REVOCATION, Outcome.SUCCESS)
                    .details(Map.of("type", "org.qhinguard.token.revoked.v1"))
                    .build()));

    assertThat(AuditRelay.routingKey(revoked)).isEqualTo("org.qhinguard.token.revoked.v1");
    assertThat(AuditRelay.routingKey(audit)).isEqualTo("org.qhinguard.audit.recorded.v1");
  }

  @Test
  void anEventOfNoKnownTypeIsNotRoutedAtAll() {
    assertThatThrownBy(() -> AuditRelay.routingKey("{\"type\":\"org.other.v9\"}"))
        .isInstanceOf(IllegalStateException.class);
  }
}
