package org.qhinguard.authority.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qhinguard.authority.store.AuditBuffer;
import org.qhinguard.authority.support.BusProbe;
import org.qhinguard.authority.support.Calls;
import org.qhinguard.authority.support.FlakyBrokerLink;
import org.qhinguard.authority.support.Jwts;

/** Audit events wait in the Redis buffer while the broker is unreachable, then all arrive. */
@QuarkusTest
class AuditRelayTest {

  @Inject AuditBuffer buffer;

  @AfterEach
  void restoreLink() {
    FlakyBrokerLink.restore();
  }

  @Test
  void eventsRecordedWhileTheBrokerIsDownAreBufferedThenDelivered() throws Exception {
    try (BusProbe bus = new BusProbe()) {
      FlakyBrokerLink.cut();
      String[] jtis = new String[5];
      for (int i = 0; i < jtis.length; i++) {
        jtis[i] = "buffered-" + UUID.randomUUID();
        Calls.introspect(Jwts.partnerToken().claim("jti", jtis[i]).sign()).body("active", is(true));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> buffer.pending() >= jtis.length);
      assertThat(bus.audits()).noneMatch(a -> jtis[0].equals(a.details().get("jti")));

      FlakyBrokerLink.restore();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                for (String jti : jtis) {
                  assertThat(bus.audits()).anyMatch(a -> jti.equals(a.details().get("jti")));
                }
              });
      await().atMost(Duration.ofSeconds(10)).until(() -> buffer.pending() == 0);
    }
  }
}
