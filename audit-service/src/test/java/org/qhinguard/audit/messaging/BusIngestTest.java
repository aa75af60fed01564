package org.qhinguard.audit.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.rabbitmq.client.GetResponse;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qhinguard.audit.Events;
import org.qhinguard.audit.PeerServiceChannel;
import org.qhinguard.audit.TestBus;
import org.qhinguard.audit.store.AuditRecordStore;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;
import org.qhinguard.common.events.EventType;
import org.qhinguard.common.events.PolicyChangedData;
import org.qhinguard.testing.TestTokens;

@QuarkusTest
class BusIngestTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** {@code max-outstanding-messages} of the channel under %test. */
  private static final int PREFETCH = 20;

  @Inject PeerServiceChannel peer;
  @Inject AgroalDataSource db;

  private final EventCodec codec = new EventCodec();
  private TestBus bus;
  private final String auditor = TestTokens.bearer("sec", "audit-reader");

  @BeforeEach
  void connect() throws Exception {
    bus = new TestBus();
  }

  @AfterEach
  void disconnect() throws Exception {
    bus.close();
  }

  @Test
  void anEventSentByAnotherServicesChannelIsReceivedThroughRabbitMqAndQueryable() throws Exception {
    String participant = Events.unique("p-peer");
    CloudEvent<AuditEventData> event =
        Events.fhirAccess(participant, "c-peer", "pat-1", Instant.now());

    peer.send(event);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                eventsOf(participant)
                    .body("items", hasSize(1))
                    .body("items[0].id", equalTo(event.id()))
                    .body("items[0].type", equalTo("org.qhinguard.audit.recorded.v1"))
                    .body("items[0].action", equalTo("FHIR_ACCESS"))
                    .body("items[0].patientIds[0]", equalTo("pat-1"))
                    .body("items[0].data.clientId", equalTo("c-peer")));
  }

  @Test
  void aRedeliveredEventIsStoredOnceAndTheChainStaysIntact() throws Exception {
    Instant from = Instant.now();
    String participant = Events.unique("p-redeliver");
    CloudEvent<AuditEventData> event =
        Events.fhirAccess(participant, "c-1", "pat-2", Instant.now());
    CloudEvent<AuditEventData> marker =
        Events.fhirAccess(participant, "c-1", "pat-3", Instant.now());

    bus.publish(event);
    bus.publish(event);
    awaitStored(event.id());
    bus.publish(event);
    bus.publish(marker);
    awaitStored(marker.id());

    assertThat(rowsWithEventId(event.id())).isEqualTo(1);
    eventsOf(participant).body("items", hasSize(2));
    given()
        .auth()
        .oauth2(auditor)
        .queryParam("from", from.toString())
        .get("/v1/audit/verify")
        .then()
        .statusCode(200)
        .body("intact", equalTo(true));
  }

  @Test
  void deliveriesStayUnacknowledgedUntilTheirBatchCommitsAndAreThenStoredOnce() throws Exception {
    String participant = Events.unique("p-held");
    List<CloudEvent<AuditEventData>> events = new ArrayList<>();
    for (int i = 0; i < 3 * PREFETCH; i++) {
      events.add(Events.fhirAccess(participant, "c-1", "pat-" + i, Instant.now()));
    }
    String queue = TestBus.queuePrefix() + "audit-service.events";

    try (Connection holder = db.getConnection()) {
      chainLock(holder, "pg_advisory_lock");
      try {
        bus.publishAll(events);
        await().atMost(PATIENCE).until(this::writerWaitsForTheChainLock);

        // Nothing committed, so nothing acknowledged: the broker holds back all but its window.
        assertThat(bus.ready(queue)).isGreaterThanOrEqualTo(events.size() - PREFETCH);
        assertThat(rowsOf(participant)).isZero();
      } finally {
        chainLock(holder, "pg_advisory_unlock");
      }
    }

    for (CloudEvent<AuditEventData> e : events) {
      awaitStored(e.id());
    }
    assertThat(rowsOf(participant)).isEqualTo(events.size());
    await().atMost(PATIENCE).until(() -> bus.ready(queue) == 0);
  }

  @Test
  void poisonIsDeadLetteredWithItsReasonWhileGoodEventsKeepFlowing() throws Exception {
    String participant = Events.unique("p-poison");
    String marker = Events.unique("poison");
    String type = EventType.AUDIT_RECORDED.type();
    List<String> good = new ArrayList<>();

    bus.publishRaw(type, ("{not json " + marker).getBytes(StandardCharsets.UTF_8));
    good.add(publishGood(participant, "pat-a"));
    String unknownVersion =
        codec
            .encodeToString(Events.fhirAccess(participant, "c-1", "pat-x", Instant.now()))
            .replace(type, "org.qhinguard.audit.recorded.v9")
            .replace("\"pat-x\"", "\"" + marker + "\"");
    bus.publishRaw(
        "org.qhinguard.audit.recorded.v9", unknownVersion.getBytes(StandardCharsets.UTF_8));
    good.add(publishGood(participant, "pat-b"));
    String oversized = "{\"marker\":\"" + marker + "\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
    bus.publishRaw(type, oversized.getBytes(StandardCharsets.UTF_8));
    String refusedByTheDatabase =
        codec
            .encodeToString(Events.fhirAccess(participant, "c-1", "pat-y", Instant.now()))
            .replace("\"pat-y\"", "\"" + marker + "\\u0000\"");
    bus.publishRaw(type, refusedByTheDatabase.getBytes(StandardCharsets.UTF_8));
    good.add(publishGood(participant, "pat-c"));

    for (String id : good) {
      awaitStored(id);
    }
    List<GetResponse> dead = new ArrayList<>();
    String dlq = TestBus.queuePrefix() + "audit-service.dlq";
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              for (GetResponse r : bus.drain(dlq)) {
                if (new String(r.getBody(), StandardCharsets.UTF_8).contains(marker)) {
                  dead.add(r);
                }
              }
              assertThat(dead).hasSize(4);
            });
    assertThat(dead)
        .extracting(r -> TestBus.header(r, DeadLetters.REASON_HEADER))
        .containsExactlyInAnyOrder(
            "MALFORMED", "UNSUPPORTED_VERSION", "OVERSIZED", "STORE_REFUSED");
    assertThat(dead)
        .allSatisfy(r -> assertThat(TestBus.header(r, DeadLetters.DETAIL_HEADER)).isNotBlank());
    eventsOf(participant).body("items", hasSize(3));
  }

  @Test
  void policyChangesAreRecordedAsAuditRecordsOfTheirParticipant() throws Exception {
    String participant = Events.unique("p-policy");
    CloudEvent<PolicyChangedData> changed =
        CloudEvent.of(
            "policy-service",
            EventType.POLICY_CHANGED,
            participant,
            new PolicyChangedData(participant, 3, "scope ceiling narrowed"));

    bus.publish(changed);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(auditor)
                    .queryParam("participant", participant)
                    .queryParam("action", "policy_change")
                    .get("/v1/audit/events")
                    .then()
                    .statusCode(200)
                    .body("items", hasSize(1))
                    .body("items[0].service", equalTo("policy-service"))
                    .body("items[0].data.version", equalTo(3)));
  }

  private ValidatableResponse eventsOf(String participant) {
    return given()
        .auth()
        .oauth2(auditor)
        .queryParam("participant", participant)
        .get("/v1/audit/events")
        .then()
        .statusCode(200);
  }

  private String publishGood(String participant, String patient) throws Exception {
    CloudEvent<AuditEventData> e = Events.fhirAccess(participant, "c-1", patient, Instant.now());
    bus.publish(e);
    return e.id();
  }

  private static void chainLock(Connection c, String function) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(?)")) {
      ps.setLong(1, AuditRecordStore.CHAIN_LOCK);
      ps.execute();
    }
  }

  /** The writer's transaction is waiting for the chain's advisory lock. */
  private boolean writerWaitsForTheChainLock() throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                    + " AND classid = ? AND objid = ? AND objsubid = 1")) {
      ps.setLong(1, AuditRecordStore.CHAIN_LOCK >>> 32);
      ps.setLong(2, AuditRecordStore.CHAIN_LOCK & 0xFFFF_FFFFL);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  private int rowsOf(String participant) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM audit_record WHERE participant_id = ?")) {
      ps.setString(1, participant);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private void awaitStored(String eventId) {
    await().atMost(PATIENCE).until(() -> rowsWithEventId(eventId) == 1);
  }

  private int rowsWithEventId(String eventId) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM audit_record WHERE event_id = ?")) {
      ps.setString(1, eventId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
