package org.qhinguard.audit.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qhinguard.audit.Events;
import org.qhinguard.audit.TestBus;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.testing.TestTokens;

@QuarkusTest
class ChainVerificationTest {
  @Inject AgroalDataSource db;

  private final String auditor = TestTokens.bearer("sec", "audit-reader");

  @Test
  void anUntouchedRangeVerifiesIntact() throws Exception {
    Instant from = Instant.now();
    List<Long> seqs = ingest(3);

    verifyFrom(from)
        .body("intact", equalTo(true))
        .body("checked", greaterThanOrEqualTo(3))
        .body("firstSeq", equalTo(seqs.get(0).intValue()))
        .body("firstBrokenLink", nullValue());
  }

  @Test
  void findsARowAlteredBehindTheServicesBackAsTheFirstBrokenLink() throws Exception {
    Instant from = Instant.now();
    List<Long> seqs = ingest(3);
    long tampered = seqs.get(1);
    try {
      asDba(
          "UPDATE audit_record SET outcome = 'SUCCESS', result_count = 0 WHERE seq = " + tampered);

      verifyFrom(from)
          .body("intact", equalTo(false))
          .body("firstBrokenLink.seq", equalTo((int) tampered))
          .body("firstBrokenLink.reason", equalTo("CONTENT_ALTERED"));
    } finally {
      asDba("UPDATE audit_record SET outcome = 'DENIED', result_count = 3 WHERE seq = " + tampered);
    }
    verifyFrom(from).body("intact", equalTo(true));
  }

  @Test
  void findsADeletedRowAsAMissingRecord() throws Exception {
    Instant from = Instant.now();
    List<Long> seqs = ingest(3);
    long deleted = seqs.get(1);
    try {
      asDba(
          "CREATE TABLE deleted_copy AS SELECT * FROM audit_record WHERE seq = " + deleted,
          "DELETE FROM audit_record WHERE seq = " + deleted);

      verifyFrom(from)
          .body("intact", equalTo(false))
          .body("firstBrokenLink.seq", equalTo((int) deleted))
          .body("firstBrokenLink.reason", equalTo("MISSING_RECORD"));
    } finally {
      asDba("INSERT INTO audit_record SELECT * FROM deleted_copy", "DROP TABLE deleted_copy");
    }
  }

  @Test
  void theServicesOwnConnectionsCannotChangeOrDeleteRecords() throws Exception {
    long seq = ingest(1).get(0);
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(
              () -> s.executeUpdate("UPDATE audit_record SET outcome = 'ERROR' WHERE seq = " + seq))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_record WHERE seq = " + seq))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
    }
  }

  @Test
  void reportsTheHeadItVerifiedSoThatItCanBeAnchored() throws Exception {
    Instant from = Instant.now();
    ingest(2);
    ValidatableResponse report = verifyFrom(from).body("intact", equalTo(true));
    long lastSeq = report.extract().jsonPath().getLong("lastSeq");
    String lastHash = report.extract().path("lastHash");

    assertThat(lastHash).isEqualTo(hashOf(lastSeq));
    verify(lastSeq + ":" + lastHash).body("intact", equalTo(true));
  }

  @Test
  void findsRowsCutFromTheEndOfTheTrailBehindAnAnchorTheAuditorKept() throws Exception {
    List<Long> seqs = ingest(3);
    long anchored = seqs.get(2);
    String anchor = anchored + ":" + hashOf(anchored);
    try {
      asDba(
          "CREATE TABLE cut_copy AS SELECT * FROM audit_record WHERE seq >= " + anchored,
          "DELETE FROM audit_record WHERE seq >= " + anchored);

      verify(anchor)
          .body("intact", equalTo(false))
          .body("firstBrokenLink.seq", equalTo((int) anchored))
          .body("firstBrokenLink.reason", equalTo("ANCHOR_MISSING"));
    } finally {
      asDba("INSERT INTO audit_record SELECT * FROM cut_copy", "DROP TABLE cut_copy");
    }
    verify(anchor).body("intact", equalTo(true));
  }

  @Test
  void findsAnAnchoredRecordWhoseHashChanged() throws Exception {
    long seq = ingest(1).get(0);
    String otherHash = "0".repeat(64);

    verify(seq + ":" + otherHash)
        .body("intact", equalTo(false))
        .body("firstBrokenLink.seq", equalTo((int) seq))
        .body("firstBrokenLink.reason", equalTo("ANCHOR_MISMATCH"));
  }

  @Test
  void rejectsAMalformedAnchorWithAProblemDocument() {
    given()
        .auth()
        .oauth2(auditor)
        .queryParam("anchor", "12:not-a-hash")
        .get("/v1/audit/verify")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("anchor must be <seq>:<hash>"));
  }

  @Test
  void rejectsAnInvertedRangeWithAProblemDocument() {
    given()
        .auth()
        .oauth2(auditor)
        .queryParam("from", "2026-12-03T10:00:00Z")
        .queryParam("to", "2026-12-03T09:00:00Z")
        .get("/v1/audit/verify")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", equalTo("from must be before to"));
  }

  @Test
  void verificationIsForAuditReadersOnly() {
    given().get("/v1/audit/verify").then().statusCode(401);
    given()
        .auth()
        .oauth2(TestTokens.bearer("svc", "policy-reader"))
        .get("/v1/audit/verify")
        .then()
        .statusCode(403);
  }

  private ValidatableResponse verify(String anchor) {
    return given()
        .auth()
        .oauth2(auditor)
        .queryParam("anchor", anchor)
        .get("/v1/audit/verify")
        .then()
        .statusCode(200);
  }

  private String hashOf(long seq) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_record WHERE seq = ?")) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("record " + seq).isTrue();
        return rs.getString(1);
      }
    }
  }

  private ValidatableResponse verifyFrom(Instant from) {
    return given()
        .auth()
        .oauth2(auditor)
        .queryParam("from", from.toString())
        .get("/v1/audit/verify")
        .then()
        .statusCode(200);
  }

  /** Publishes n denied FHIR accesses and returns their seqs in chain order, once stored. */
  private List<Long> ingest(int n) throws Exception {
    String participant = Events.unique("p-chain");
    List<CloudEvent<AuditEventData>> events =
        java.util.stream.IntStream.range(0, n)
            .mapToObj(
                i ->
                    Events.fhirAccess(
                        participant,
                        "c-1",
                        "Observation",
                        "search",
                        org.qhinguard.common.events.Outcome.DENIED,
                        "pat-" + i,
                        3,
                        Instant.now()))
            .toList();
    try (TestBus bus = new TestBus()) {
      bus.publishAll(events);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> seqsOf(participant).size() == n);
    return seqsOf(participant);
  }

  private List<Long> seqsOf(String participant) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT seq FROM audit_record WHERE participant_id = ? ORDER BY seq")) {
      ps.setString(1, participant);
      try (ResultSet rs = ps.executeQuery()) {
        List<Long> out = new java.util.ArrayList<>();
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
        return out;
      }
    }
  }

  /** What someone with the database's superuser can do: bypass the append-only trigger. */
  private void asDba(String... statements) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SET session_replication_role = replica");
      try {
        for (String sql : statements) {
          s.execute(sql);
        }
      } finally {
        s.execute("SET session_replication_role = DEFAULT");
      }
    }
  }
}
