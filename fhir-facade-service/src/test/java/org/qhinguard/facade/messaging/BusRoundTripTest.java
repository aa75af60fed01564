package org.qhinguard.facade.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;
import org.qhinguard.common.events.EventType;
import org.qhinguard.common.events.Outcome;
import org.qhinguard.common.events.PolicyChangedData;
import org.qhinguard.common.events.TokenRevokedData;
import org.qhinguard.facade.support.FakeTokens;

/** Audit events out and cache invalidations in, on the real RabbitMQ (exchange per test run). */
@QuarkusTest
class BusRoundTripTest {

  @ConfigProperty(name = "qg.bus.exchange")
  String exchange;

  @ConfigProperty(name = "qg.test.fakes-url")
  String fakes;

  final EventCodec codec = new EventCodec();
  Connection connection;
  Channel channel;
  String queue;

  @BeforeEach
  void bind() throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost("127.0.0.1");
    connection = f.newConnection();
    channel = connection.createChannel();
    channel.exchangeDeclare(exchange, "topic", true);
    queue = channel.queueDeclare().getQueue();
    channel.queueBind(queue, exchange, EventType.AUDIT_RECORDED.type());
  }

  @AfterEach
  void close() throws Exception {
    connection.close();
  }

  int introspections() {
    return RestAssured.get(fakes + "/_stats").jsonPath().getInt("introspections");
  }

  int snapshotFetches(String participant) {
    Integer n =
        RestAssured.get(fakes + "/_stats").jsonPath().get("snapshots.'" + participant + "'");
    return n == null ? 0 : n;
  }

  AuditEventData awaitAudit(java.util.function.Predicate<AuditEventData> wanted) {
    AtomicReference<AuditEventData> found = new AtomicReference<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              GetResponse r;
              while ((r = channel.basicGet(queue, true)) != null) {
                AuditEventData d = (AuditEventData) codec.decode(r.getBody()).data();
                if (wanted.test(d)) {
                  found.set(d);
                  return true;
                }
              }
              return false;
            });
    return found.get();
  }

  void publish(EventType type, Object data) throws Exception {
    byte[] body = codec.encode(CloudEvent.of("test", type, null, data));
    channel.basicPublish(exchange, type.type(), null, body);
  }

  @Test
  void emitsAnAuditEventForEveryAccessWithPatientsAndCounts() {
    String token = FakeTokens.bearer(FakeTokens.patient("pat-0005", "patient/Observation.rs"));
    given()
        .header("Authorization", token)
        .get("/fhir/Observation?category=laboratory")
        .then()
        .statusCode(200);
    AuditEventData d =
        awaitAudit(e -> "app-pat-0005".equals(e.clientId()) && e.outcome() == Outcome.SUCCESS);
    assertThat(d.action()).isEqualTo(AuditAction.FHIR_ACCESS);
    assertThat(d.participantId()).isEqualTo("p-main");
    assertThat(d.purposeOfUse()).isEqualTo("T-TRTMNT");
    assertThat(d.resourceType()).isEqualTo("Observation");
    assertThat(d.interaction()).isEqualTo("search");
    assertThat(d.resultCount()).isEqualTo(5);
    assertThat(d.patientIds()).containsExactly("pat-0005");
  }

  @Test
  void emitsADeniedAuditEventForARefusal() {
    String token = FakeTokens.bearer(FakeTokens.patient("pat-0006", "patient/Patient.rs"));
    given().header("Authorization", token).get("/fhir/Patient/pat-0007").then().statusCode(403);
    AuditEventData d = awaitAudit(e -> "app-pat-0006".equals(e.clientId()));
    assertThat(d.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(d.reason()).contains("outside the compartment");
  }

  @Test
  void cachesTheIntrospectionByTokenHash() {
    String token = FakeTokens.bearer(FakeTokens.patient("pat-0008", "patient/Patient.rs"));
    given().header("Authorization", token).get("/fhir/Patient/pat-0008").then().statusCode(200);
    int before = introspections();
    given().header("Authorization", token).get("/fhir/Patient/pat-0008").then().statusCode(200);
    given().header("Authorization", token).get("/fhir/Patient/pat-0008").then().statusCode(200);
    assertThat(introspections()).isEqualTo(before);
  }

  @Test
  void dropsCachedSnapshotAndIntrospectionsOnPolicyChanged() throws Exception {
    String token = FakeTokens.bearer(FakeTokens.patient("pat-0009", "patient/Patient.rs"));
    given().header("Authorization", token).get("/fhir/Patient/pat-0009").then().statusCode(200);
    int fetches = snapshotFetches("p-main");
    int calls = introspections();
    publish(EventType.POLICY_CHANGED, new PolicyChangedData("p-main", 99, "test"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              given()
                  .header("Authorization", token)
                  .get("/fhir/Patient/pat-0009")
                  .then()
                  .statusCode(200);
              return snapshotFetches("p-main") > fetches;
            });
    assertThat(introspections()).isGreaterThan(calls);
  }

  @Test
  void dropsCachedIntrospectionsOfARevokedToken() throws Exception {
    var claims =
        FakeTokens.claims("revoked-app", "p-main", "T-TRTMNT", "pat-0010", "patient/Patient.rs");
    String token = FakeTokens.bearer(FakeTokens.token(claims));
    given().header("Authorization", token).get("/fhir/Patient/pat-0010").then().statusCode(200);
    int calls = introspections();
    publish(
        EventType.TOKEN_REVOKED,
        new TokenRevokedData(
            claims.get("jti").asText(), "revoked-app", java.time.Instant.now().plusSeconds(60)));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              given()
                  .header("Authorization", token)
                  .get("/fhir/Patient/pat-0010")
                  .then()
                  .statusCode(200);
              return introspections() > calls;
            });
  }

  @Test
  void ignoresAnEventItCannotDecodeAndKeepsConsuming() throws Exception {
    channel.basicPublish(
        exchange,
        EventType.POLICY_CHANGED.type(),
        null,
        "{not json".getBytes(StandardCharsets.UTF_8));
    dropsCachedSnapshotAndIntrospectionsOnPolicyChanged();
  }
}
