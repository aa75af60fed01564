package org.qhinguard.audit.trail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qhinguard.common.events.AnomalyData;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;
import org.qhinguard.common.events.EventType;
import org.qhinguard.common.events.Outcome;
import org.qhinguard.common.events.PolicyChangedData;
import org.qhinguard.common.events.TokenRevokedData;

class HashChainTest {

  private static final Instant T0 = Instant.parse("2026-12-03T09:00:00.123456789Z");
  private final EventCodec codec = new EventCodec();

  @Test
  void anUntouchedChainVerifies() {
    List<AuditRecord> chain = chain(5);
    ChainVerifier v = new ChainVerifier(HashChain.Head.EMPTY);
    chain.forEach(v::accept);
    assertThat(v.broken()).isEmpty();
    assertThat(v.checked()).isEqualTo(5);
    assertThat(chain.get(0).prevHash()).isEqualTo(HashChain.GENESIS);
    assertThat(chain.get(1).prevHash()).isEqualTo(chain.get(0).hash());
  }

  @Test
  void reportsAnAlteredRecordAsTheFirstBrokenLink() {
    List<AuditRecord> chain = chain(5);
    AuditRecord third = chain.get(2);
    AuditEntry e = third.entry();
    AuditEntry altered =
        new AuditEntry(
            e.eventId(),
            e.type(),
            e.source(),
            e.subject(),
            e.eventTime(),
            e.service(),
            e.action(),
            "SUCCESS",
            "p-someone-else",
            e.clientId(),
            e.resourceType(),
            e.interaction(),
            e.purposeOfUse(),
            e.patientIds(),
            e.resultCount(),
            e.data());
    chain.set(2, new AuditRecord(3, third.recordedAt(), altered, third.prevHash(), third.hash()));

    ChainVerifier v = new ChainVerifier(HashChain.Head.EMPTY);
    chain.forEach(v::accept);

    assertThat(v.broken()).get().extracting(ChainVerifier.BrokenLink::seq).isEqualTo(3L);
    assertThat(v.broken().get().reason()).isEqualTo(ChainVerifier.Break.CONTENT_ALTERED);
  }

  @Test
  void reportsADeletedRecordAsMissing() {
    List<AuditRecord> chain = chain(5);
    chain.remove(1);
    ChainVerifier v = new ChainVerifier(HashChain.Head.EMPTY);
    chain.forEach(v::accept);
    assertThat(v.broken().get().reason()).isEqualTo(ChainVerifier.Break.MISSING_RECORD);
    assertThat(v.broken().get().seq()).isEqualTo(2L);
  }

  @Test
  void reportsARecordRehashedWithoutItsPredecessor() {
    List<AuditRecord> chain = chain(4);
    AuditRecord third = chain.get(2);
    String forgedPrev = "f".repeat(64);
    String forgedHash = HashChain.hash(forgedPrev, third.seq(), third.recordedAt(), third.entry());
    chain.set(2, new AuditRecord(3, third.recordedAt(), third.entry(), forgedPrev, forgedHash));
    ChainVerifier v = new ChainVerifier(HashChain.Head.EMPTY);
    chain.forEach(v::accept);
    assertThat(v.broken().get().reason()).isEqualTo(ChainVerifier.Break.PREVIOUS_HASH_MISMATCH);
    assertThat(v.broken().get().seq()).isEqualTo(3L);
  }

  @Test
  void hashesTheEventTimeAsStoredToTheMicrosecond() {
    AuditEntry e = entry(1);
    assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-12-03T09:00:00.123456Z"));
    AuditRecord r = HashChain.append(HashChain.Head.EMPTY, e, T0);
    assertThat(r.recordedAt()).isEqualTo(Instant.parse("2026-12-03T09:00:00.123456Z"));
    assertThat(r.hash()).hasSize(64).isEqualTo(HashChain.hash(r.prevHash(), 1, r.recordedAt(), e));
  }

  @Test
  void hashesStayWhatTheyWereWhenRecordsWereStored() {
    AuditEntry escaped =
        new AuditEntry(
            "ev-\u00e9\"1",
            "org.qhinguard.audit.recorded.v1",
            "fhir-facade-service",
            null,
            Instant.parse("2026-12-03T09:00:00.123456789Z"),
            "fhir-facade-service",
            "FHIR_ACCESS",
            "DENIED",
            "p-\u6771\u4eac",
            "c-\\1",
            "Observation",
            "search",
            "T-TRTMNT",
            List.of("pat-1", "pat-\"2\"", "\ud83d\ude00"),
            null,
            "{\"a\":\"x\\n\\u0001\",\"b\":[1,2]}");
    AuditEntry policy =
        new AuditEntry(
            "ev-2",
            "org.qhinguard.policy.changed.v1",
            "policy-service",
            "p-9",
            Instant.parse("2026-12-03T09:00:00Z"),
            "policy-service",
            "POLICY_CHANGE",
            "SUCCESS",
            "p-9",
            null,
            null,
            null,
            null,
            List.of(),
            3,
            "{}");
    Instant at = Instant.parse("2026-12-03T09:00:01.5Z");

    // Computed by the version that wrote the whole canonical form per record with one generator.
    assertThat(HashChain.hash(HashChain.GENESIS, 7, at, escaped))
        .isEqualTo("252e1deb79ccd230ce50e56ba7cb5b575a4b5e24538440cf316c308b1a220691");
    assertThat(
            HashChain.hash(
                "a".repeat(64),
                123456789012L,
                Instant.parse("2026-12-03T09:00:01.000001Z"),
                policy))
        .isEqualTo("0fe54e99ad55b16af36796859368d131f2db2ec0e0dac16d3174bca4ed9f19da");
  }

  @Test
  void oneHasherChainsLikeSeparateAppends() {
    HashChain.Hasher hasher = new HashChain.Hasher();
    HashChain.Head head = HashChain.Head.EMPTY;
    for (AuditRecord expected : chain(3)) {
      AuditRecord r =
          hasher.append(head, HashChain.Input.of(expected.entry()), expected.recordedAt());
      assertThat(r).isEqualTo(expected);
      head = HashChain.headOf(r);
    }
  }

  @Test
  void dataWrittenDirectlyIsTheSortedTreeOfEveryBusType() {
    Instant t = Instant.parse("2026-12-03T09:00:00.123456789Z");
    List<Object> values =
        List.of(
            AuditEventData.builder(
                    "token-authority-service", AuditAction.FHIR_ACCESS, Outcome.DENIED)
                .reason("scope \"x\" refused\n")
                .participantId("p-\u6771")
                .clientId("c-1")
                .patientIds(List.of("pat-2", "pat-1"))
                .resultCount(0)
                .details(Map.of("zeta", "1", "alpha", "2", "Mid", "3", "\u00e9", "4"))
                .build(),
            new PolicyChangedData("p-9", 4, "ceiling narrowed"),
            new AnomalyData(
                "a-1", "p-1", null, "Observation", "VOLUME", 0.1, 1e-7, 12345.678, t, t, "why"),
            new TokenRevokedData("jti-1", "c-1", t));
    for (Object v : values) {
      assertThat(CanonicalJson.writeValue(v, codec.mapper()))
          .isEqualTo(CanonicalJson.write(codec.mapper().valueToTree(v)));
    }
  }

  @Test
  void canonicalDataSortsKeysAtEveryDepth() throws Exception {
    var node = codec.mapper().readTree("{\"b\":1,\"a\":{\"z\":[{\"y\":1,\"x\":2}],\"c\":null}}");
    assertThat(CanonicalJson.write(node))
        .isEqualTo("{\"a\":{\"c\":null,\"z\":[{\"x\":2,\"y\":1}]},\"b\":1}");
  }

  @Test
  void policyChangesBecomeRecordsOfTheirParticipant() {
    CloudEvent<PolicyChangedData> ev =
        new CloudEvent<>(
            "ev-p",
            "policy-service",
            EventType.POLICY_CHANGED,
            "p-9",
            T0,
            new PolicyChangedData("p-9", 4, "ceiling narrowed"));
    AuditEntry e = AuditEntry.of(ev, codec.mapper());
    assertThat(e.action()).isEqualTo("POLICY_CHANGE");
    assertThat(e.participantId()).isEqualTo("p-9");
    assertThat(e.data())
        .isEqualTo("{\"change\":\"ceiling narrowed\",\"participantId\":\"p-9\",\"version\":4}");
  }

  private List<AuditRecord> chain(int n) {
    List<AuditRecord> out = new ArrayList<>();
    HashChain.Head head = HashChain.Head.EMPTY;
    for (int i = 1; i <= n; i++) {
      AuditRecord r = HashChain.append(head, entry(i), T0.plusSeconds(i));
      out.add(r);
      head = HashChain.headOf(r);
    }
    return out;
  }

  private AuditEntry entry(int i) {
    AuditEventData data =
        AuditEventData.builder("fhir-facade-service", AuditAction.FHIR_ACCESS, Outcome.DENIED)
            .participantId("p-1")
            .clientId("c-1")
            .resourceType("Observation")
            .interaction("search")
            .patientIds(List.of("pat-" + i))
            .resultCount(3)
            .details(Map.of("k", "v"))
            .build();
    return AuditEntry.of(
        new CloudEvent<>(
            "ev-" + i, "fhir-facade-service", EventType.AUDIT_RECORDED, null, T0, data),
        codec.mapper());
  }
}
