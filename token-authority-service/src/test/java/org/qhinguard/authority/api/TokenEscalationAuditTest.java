package org.qhinguard.authority.api;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qhinguard.authority.support.BusProbe;
import org.qhinguard.authority.support.Calls;
import org.qhinguard.authority.support.Network;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.Outcome;

/** A token request beyond the ceiling is refused (or narrowed) and always audited as escalation. */
@QuarkusTest
class TokenEscalationAuditTest {

  static BusProbe bus;

  @BeforeAll
  static void listen() throws Exception {
    bus = new BusProbe();
  }

  @AfterAll
  static void stopListening() throws Exception {
    bus.close();
  }

  @Test
  void tokenRequestEntirelyBeyondTheCeilingRaisesScopeEscalationEvent() {
    Calls.partnerToken("system/Condition.rs", Calls.partnerAssertion(Calls.authorityUrl()))
        .statusCode(400)
        .body("error", equalTo("invalid_scope"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                bus.audits().stream()
                    .anyMatch(
                        a ->
                            a.action() == AuditAction.SCOPE_ESCALATION
                                && a.outcome() == Outcome.DENIED
                                && Network.PARTNER.equals(a.participantId())
                                && "system/Condition.rs".equals(a.requestedScopes())));
  }
}
