package org.qhinguard.policy.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.qhinguard.policy.Api.PARTICIPANTS;
import static org.qhinguard.policy.Api.admin;
import static org.qhinguard.policy.Api.createParticipant;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.Bus;
import org.qhinguard.common.events.EventType;
import org.qhinguard.common.events.PolicyChangedData;
import org.qhinguard.policy.store.OutboxEvent;

@QuarkusTest
class OutboxTest {

  @Inject SwitchableBusPublisher publisher;

  static List<PolicyChangedData> policyChanges(BusConsumer bus, String id) {
    return bus.about(id).stream()
        .filter(r -> r.event().eventType() == EventType.POLICY_CHANGED)
        .map(r -> (PolicyChangedData) r.event().data())
        .toList();
  }

  static List<AuditEventData> audits(BusConsumer bus, String id) {
    return bus.about(id).stream()
        .filter(r -> r.event().eventType() == EventType.AUDIT_RECORDED)
        .map(r -> (AuditEventData) r.event().data())
        .toList();
  }

  @Test
  void aPolicyChangeReachesABusConsumer() throws Exception {
    try (BusConsumer bus = new BusConsumer("org.qhinguard.#")) {
      String id = createParticipant();
      admin()
          .contentType("application/merge-patch+json")
          .header("If-Match", "\"1\"")
          .header("Change-Reason", "narrow to public health")
          .body("{\"purposes\":[\"T-PH\"]}")
          .patch(PARTICIPANTS + "/" + id + "/policy")
          .then()
          .statusCode(200);

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(policyChanges(bus, id))
                      .extracting(PolicyChangedData::version)
                      .containsExactly(1L, 2L));
      assertThat(policyChanges(bus, id).get(1).change()).isEqualTo("POLICY_CHANGED");
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(audits(bus, id)).hasSize(2));
      AuditEventData audit = audits(bus, id).get(1);
      assertThat(audit.action()).isEqualTo(AuditAction.POLICY_CHANGE);
      assertThat(audit.service()).isEqualTo("policy-service");
      assertThat(audit.caller()).isEqualTo("alice-admin");
      assertThat(audit.reason()).isEqualTo("narrow to public health");
      assertThat(bus.about(id))
          .allSatisfy(
              r -> {
                assertThat(r.contentType()).isEqualTo(Bus.CONTENT_TYPE);
                assertThat(r.routingKey()).isEqualTo(r.event().eventType().type());
              });
    }
  }

  @Test
  void aStatusChangeIsAuditedAsParticipantStatusChange() throws Exception {
    try (BusConsumer bus = new BusConsumer(EventType.AUDIT_RECORDED.type())) {
      String id = createParticipant();
      admin()
          .header("If-Match", "\"1\"")
          .post(PARTICIPANTS + "/" + id + "/suspend")
          .then()
          .statusCode(200);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(audits(bus, id))
                      .extracting(AuditEventData::action)
                      .containsExactly(
                          AuditAction.POLICY_CHANGE, AuditAction.PARTICIPANT_STATUS_CHANGE));
      assertThat(audits(bus, id).get(1).details()).containsEntry("status", "SUSPENDED");
    }
  }

  @Test
  void anEventWrittenWhileTheBrokerPathFailsIsDeliveredLater() throws Exception {
    try (BusConsumer bus = new BusConsumer(EventType.POLICY_CHANGED.type())) {
      String id;
      publisher.failing(true);
      try {
        id = createParticipant();
        // The relay keeps commit order: it retries the oldest row and sends nothing after it.
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () ->
                    assertThat(oldestPending())
                        .satisfies(
                            row -> {
                              assertThat(row.attempts).isGreaterThanOrEqualTo(2);
                              assertThat(row.lastError).contains("broker unreachable");
                            }));
        assertThat(pendingFor(id)).hasSize(2);
        assertThat(policyChanges(bus, id)).isEmpty();
      } finally {
        publisher.failing(false);
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(policyChanges(bus, id))
                      .extracting(PolicyChangedData::version)
                      .containsExactly(1L));
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(pendingFor(id)).isEmpty());
    }
  }

  static OutboxEvent oldestPending() {
    return QuarkusTransaction.requiringNew()
        .call(() -> OutboxEvent.<OutboxEvent>find("order by position").firstResult());
  }

  /** The outbox rows still waiting that concern participant {@code id}. */
  static List<OutboxEvent> pendingFor(String id) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> OutboxEvent.<OutboxEvent>list("payload like ?1", "%\"subject\":\"" + id + "\"%"));
  }
}
