package org.qhinguard.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.qhinguard.common.events.EventRejectedException.Reason;

class EventCodecTest {

  private final EventCodec codec = new EventCodec();

  private CloudEvent<AuditEventData> audit() {
    return CloudEvent.of(
        "urn:qhin-guard:fhir-facade-service",
        EventType.AUDIT_RECORDED,
        "p-1",
        AuditEventData.builder("fhir-facade-service", AuditAction.FHIR_ACCESS, Outcome.SUCCESS)
            .participantId("p-1")
            .clientId("c-1")
            .resourceType("Observation")
            .interaction("search")
            .patientIds(List.of("pat-1", "pat-2"))
            .resultCount(12)
            .details(Map.of("k", "v"))
            .build());
  }

  private ObjectNode tree(CloudEvent<?> e) throws IOException {
    return (ObjectNode) codec.mapper().readTree(codec.encode(e));
  }

  private byte[] bytes(JsonNode node) throws IOException {
    return codec.mapper().writeValueAsBytes(node);
  }

  private Reason rejection(byte[] body) {
    try {
      codec.decode(body);
    } catch (EventRejectedException e) {
      return e.reason();
    }
    throw new AssertionError("accepted: " + new String(body, StandardCharsets.UTF_8));
  }

  @Test
  void auditEventRoundTripsThroughStructuredJson() throws Exception {
    CloudEvent<AuditEventData> event = audit();
    CloudEvent<?> back = codec.decode(codec.encode(event));
    assertThat(back).isEqualTo(event);
  }

  @Test
  void encodedEventCarriesTheCloudEventsRequiredAttributes() throws Exception {
    ObjectNode node = tree(audit());
    assertThat(node.get("specversion").asText()).isEqualTo("1.0");
    assertThat(node.get("type").asText()).isEqualTo("org.qhinguard.audit.recorded.v1");
    assertThat(node.has("id") && node.has("source") && node.has("time")).isTrue();
    assertThat(node.get("datacontenttype").asText()).isEqualTo("application/json");
  }

  @Test
  void tokenRevokedRoundTripsAndRefusesAMissingJti() throws Exception {
    var revoked =
        CloudEvent.of(
            "/qhin-guard/token-authority-service",
            EventType.TOKEN_REVOKED,
            "c-1",
            new TokenRevokedData("jti-1", "c-1", Instant.parse("2026-01-01T00:05:00Z")));
    CloudEvent<?> back = codec.decode(codec.encode(revoked));
    assertThat(back.eventType()).isEqualTo(EventType.TOKEN_REVOKED);
    assertThat(back.data()).isEqualTo(revoked.data());
    byte[] noJti =
        codec
            .encodeToString(revoked)
            .replace("\"jti\":\"jti-1\",", "")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> codec.decode(noJti)).isInstanceOf(EventRejectedException.class);
  }

  @Test
  void policyChangedAndAnomalyRoundTrip() throws Exception {
    var changed =
        CloudEvent.of(
            "urn:qhin-guard:policy-service",
            EventType.POLICY_CHANGED,
            "p-1",
            new PolicyChangedData("p-1", 3, "POLICY"));
    var anomaly =
        CloudEvent.of(
            "urn:qhin-guard:audit-service",
            EventType.ANOMALY_RAISED,
            "p-1",
            new AnomalyData(
                "a-1",
                "p-1",
                "c-1",
                "Patient",
                "DISTINCT_PATIENTS",
                5,
                500,
                42.5,
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:01:00Z"),
                "500 patients in a minute, baseline 5"));
    assertThat(codec.decode(codec.encode(changed))).isEqualTo(changed);
    assertThat(codec.decode(codec.encode(anomaly))).isEqualTo(anomaly);
  }

  @Test
  void unknownVersionOfAKnownTypeIsUnsupportedNotGuessed() throws Exception {
    ObjectNode node = tree(audit());
    node.put("type", "org.qhinguard.audit.recorded.v2");
    assertThat(rejection(bytes(node))).isEqualTo(Reason.UNSUPPORTED_VERSION);
  }

  @Test
  void unknownTypeIsRejected() throws Exception {
    ObjectNode node = tree(audit());
    node.put("type", "com.example.something.v1");
    assertThat(rejection(bytes(node))).isEqualTo(Reason.UNKNOWN_TYPE);
  }

  @Test
  void otherSpecVersionIsRejected() throws Exception {
    ObjectNode node = tree(audit());
    node.put("specversion", "0.3");
    assertThat(rejection(bytes(node))).isEqualTo(Reason.NOT_CLOUDEVENTS_1_0);
  }

  @Test
  void missingIdIsMalformed() throws Exception {
    ObjectNode node = tree(audit());
    node.remove("id");
    assertThat(rejection(bytes(node))).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void unknownDataFieldIsInvalidData() throws Exception {
    ObjectNode node = tree(audit());
    ((ObjectNode) node.get("data")).put("smuggled", "x");
    assertThat(rejection(bytes(node))).isEqualTo(Reason.INVALID_DATA);
  }

  @Test
  void missingRequiredDataFieldIsInvalidData() throws Exception {
    ObjectNode node = tree(audit());
    ((ObjectNode) node.get("data")).remove("outcome");
    assertThat(rejection(bytes(node))).isEqualTo(Reason.INVALID_DATA);
  }

  @Test
  void duplicateKeysAreMalformed() {
    String dup =
        "{\"specversion\":\"1.0\",\"id\":\"1\",\"id\":\"2\",\"source\":\"s\","
            + "\"type\":\"org.qhinguard.policy.changed.v1\",\"time\":\"2026-01-01T00:00:00Z\","
            + "\"data\":{\"participantId\":\"p\",\"version\":1}}";
    assertThat(rejection(dup.getBytes(StandardCharsets.UTF_8))).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void notJsonIsMalformed() {
    assertThat(rejection("{not json".getBytes(StandardCharsets.UTF_8))).isEqualTo(Reason.MALFORMED);
    assertThat(rejection(new byte[0])).isEqualTo(Reason.MALFORMED);
    assertThat(rejection("[1,2]".getBytes(StandardCharsets.UTF_8))).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void oversizedBodyIsRejectedBeforeParsing() {
    byte[] big = new byte[Bus.MAX_EVENT_BYTES + 1];
    Arrays.fill(big, (byte) ' ');
    assertThat(rejection(big)).isEqualTo(Reason.OVERSIZED);
  }

  @Test
  void dataOfAnotherTypeCannotBeWrapped() {
    assertThatThrownBy(() -> CloudEvent.of("s", EventType.POLICY_CHANGED, null, audit().data()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void schemaNamesExactlyTheRecordsFields(EventType type) throws Exception {
    try (InputStream in = EventType.class.getResourceAsStream(type.schemaResource())) {
      assertThat(in).as("schema for " + type.type()).isNotNull();
      JsonNode schema = codec.mapper().readTree(in);
      Set<String> schemaFields = new TreeSet<>();
      schema.get("properties").fieldNames().forEachRemaining(schemaFields::add);
      Set<String> recordFields =
          Arrays.stream(type.dataClass().getRecordComponents())
              .map(c -> c.getName())
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(schemaFields).isEqualTo(recordFields);
    }
  }
}
