package org.qhinguard.audit.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.qhinguard.audit.trail.AuditEntry;
import org.qhinguard.audit.trail.AuditQuery;
import org.qhinguard.audit.trail.AuditRecord;
import org.qhinguard.audit.trail.HashChain;

/**
 * The {@code audit_record} table through plain JDBC: appends are batched multi-row inserts (the
 * ingest path), reads are keyset queries. Callers own the transaction.
 */
@ApplicationScoped
public class AuditRecordStore {

  /** One chain, one writer at a time across every instance (PostgreSQL advisory lock). */
  public static final long CHAIN_LOCK = 0x7167_6175_6469_7431L;

  private static final String COLUMNS =
      "seq, event_id, type, source, subject, event_time, recorded_at, service, action, outcome,"
          + " participant_id, client_id, resource_type, interaction, purpose_of_use, patient_ids,"
          + " result_count, data, prev_hash, hash";

  private final AgroalDataSource dataSource;

  public AuditRecordStore(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  /**
   * Takes the chain lock until the end of the transaction and reads the chain's last link, in one
   * round trip.
   */
  public HashChain.Head lockHead(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "SELECT pg_advisory_xact_lock("
              + CHAIN_LOCK
              + "); SELECT seq, hash FROM audit_record ORDER BY seq DESC LIMIT 1");
      if (!s.getMoreResults()) {
        throw new SQLException("no chain head result");
      }
      try (ResultSet rs = s.getResultSet()) {
        return rs.next()
            ? new HashChain.Head(rs.getLong(1), rs.getString(2))
            : HashChain.Head.EMPTY;
      }
    }
  }

  /** Which of these event ids are already stored. */
  public Set<String> existing(Connection c, Collection<String> eventIds) throws SQLException {
    Set<String> found = new HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT event_id FROM audit_record WHERE event_id = ANY(?)")) {
      ps.setArray(1, c.createArrayOf("text", eventIds.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
    }
    return found;
  }

  /**
   * Inserts the records in one statement (columns as arrays, unnested) and returns how many were
   * stored: an event id already stored is skipped (ON CONFLICT DO NOTHING).
   */
  public int insert(Connection c, List<AuditRecord> records) throws SQLException {
    if (records.isEmpty()) {
      return 0;
    }
    int n = records.size();
    Long[] seq = new Long[n];
    String[] eventTime = new String[n];
    String[] recordedAt = new String[n];
    Integer[] resultCount = new Integer[n];
    String[][] text = new String[16][n];
    Instant at = null;
    String atText = null;
    for (int i = 0; i < n; i++) {
      AuditRecord r = records.get(i);
      AuditEntry e = r.entry();
      seq[i] = r.seq();
      eventTime[i] = e.eventTime().toString();
      if (!r.recordedAt().equals(at)) {
        // A batch shares one recordedAt.
        at = r.recordedAt();
        atText = at.toString();
      }
      recordedAt[i] = atText;
      resultCount[i] = e.resultCount();
      String[] t = {
        e.eventId(),
        e.type(),
        e.source(),
        e.subject(),
        e.service(),
        e.action(),
        e.outcome(),
        e.participantId(),
        e.clientId(),
        e.resourceType(),
        e.interaction(),
        e.purposeOfUse(),
        arrayLiteral(e.patientIds()),
        e.data(),
        r.prevHash(),
        r.hash()
      };
      for (int k = 0; k < t.length; k++) {
        text[k][i] = t[k];
      }
    }
    String sql =
        "INSERT INTO audit_record ("
            + COLUMNS
            + ") SELECT seq, event_id, type, source, subject, event_time, recorded_at, service,"
            + " action, outcome, participant_id, client_id, resource_type, interaction,"
            + " purpose_of_use, patient_ids::text[], result_count, data, prev_hash, hash FROM"
            + " unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]::timestamptz[],"
            + " ?::text[]::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[]) AS"
            + " r(seq, event_id, type, source, subject, event_time, recorded_at, service, action,"
            + " outcome, participant_id, client_id, resource_type, interaction, purpose_of_use,"
            + " patient_ids, result_count, data, prev_hash, hash)"
            + " ON CONFLICT (event_id) DO NOTHING";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int p = 1;
      ps.setArray(p++, c.createArrayOf("bigint", seq));
      for (int k = 0; k < 4; k++) {
        ps.setArray(p++, c.createArrayOf("text", text[k]));
      }
      ps.setArray(p++, c.createArrayOf("text", eventTime));
      ps.setArray(p++, c.createArrayOf("text", recordedAt));
      for (int k = 4; k < 13; k++) {
        ps.setArray(p++, c.createArrayOf("text", text[k]));
      }
      ps.setArray(p++, c.createArrayOf("int4", resultCount));
      for (int k = 13; k < 16; k++) {
        ps.setArray(p++, c.createArrayOf("text", text[k]));
      }
      return ps.executeUpdate();
    }
  }

  /** A PostgreSQL array literal (quoted, backslash-escaped elements), for arrays of arrays. */
  static String arrayLiteral(List<String> values) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('"');
      String v = values.get(i);
      for (int j = 0; j < v.length(); j++) {
        char ch = v.charAt(j);
        if (ch == '"' || ch == '\\') {
          b.append('\\');
        }
        b.append(ch);
      }
      b.append('"');
    }
    return b.append('}').toString();
  }

  /** One page of a search, newest first; at most {@code q.limit() + 1} rows, to tell if more. */
  public List<AuditRecord> search(Connection c, AuditQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_record WHERE TRUE");
    List<Object> args = new ArrayList<>();
    filter(sql, args, "participant_id = ?", q.participantId());
    filter(sql, args, "client_id = ?", q.clientId());
    filter(sql, args, "? = ANY(patient_ids)", q.patientId());
    filter(sql, args, "resource_type = ?", q.resourceType());
    filter(sql, args, "interaction = ?", q.interaction());
    filter(sql, args, "outcome = ?", q.outcome());
    filter(sql, args, "action = ?", q.action());
    filter(sql, args, "event_time >= ?", utc(q.from()));
    filter(sql, args, "event_time < ?", utc(q.to()));
    filter(sql, args, "seq < ?", q.beforeSeq());
    sql.append(" ORDER BY seq DESC LIMIT ?");
    args.add(q.limit() + 1);
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      return read(ps);
    }
  }

  /** The first and last {@code seq} recorded in [from, to); nulls mean unbounded. */
  public Optional<long[]> seqRange(Connection c, Instant from, Instant to) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT min(seq), max(seq) FROM audit_record WHERE (?::timestamptz IS NULL OR"
                + " recorded_at >= ?) AND (?::timestamptz IS NULL OR recorded_at < ?)")) {
      ps.setObject(1, utc(from), Types.TIMESTAMP_WITH_TIMEZONE);
      ps.setObject(2, utc(from), Types.TIMESTAMP_WITH_TIMEZONE);
      ps.setObject(3, utc(to), Types.TIMESTAMP_WITH_TIMEZONE);
      ps.setObject(4, utc(to), Types.TIMESTAMP_WITH_TIMEZONE);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long min = rs.getLong(1);
        return rs.wasNull() ? Optional.empty() : Optional.of(new long[] {min, rs.getLong(2)});
      }
    }
  }

  public Optional<AuditRecord> bySeq(Connection c, long seq) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM audit_record WHERE seq = ?")) {
      ps.setLong(1, seq);
      return read(ps).stream().findFirst();
    }
  }

  /** Records with {@code seq} in (after, upTo], in order, at most {@code limit}. */
  public List<AuditRecord> chainSlice(Connection c, long after, long upTo, int limit)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM audit_record WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?")) {
      ps.setLong(1, after);
      ps.setLong(2, upTo);
      ps.setInt(3, limit);
      return read(ps);
    }
  }

  private static void filter(StringBuilder sql, List<Object> args, String clause, Object value) {
    if (value != null) {
      sql.append(" AND ").append(clause);
      args.add(value);
    }
  }

  private static List<AuditRecord> read(PreparedStatement ps) throws SQLException {
    List<AuditRecord> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(row(rs));
      }
    }
    return out;
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static AuditRecord row(ResultSet rs) throws SQLException {
    Array patients = rs.getArray("patient_ids");
    int resultCount = rs.getInt("result_count");
    Integer count = rs.wasNull() ? null : resultCount;
    AuditEntry e =
        new AuditEntry(
            rs.getString("event_id"),
            rs.getString("type"),
            rs.getString("source"),
            rs.getString("subject"),
            instant(rs, "event_time"),
            rs.getString("service"),
            rs.getString("action"),
            rs.getString("outcome"),
            rs.getString("participant_id"),
            rs.getString("client_id"),
            rs.getString("resource_type"),
            rs.getString("interaction"),
            rs.getString("purpose_of_use"),
            Arrays.asList((String[]) patients.getArray()),
            count,
            rs.getString("data"));
    return new AuditRecord(
        rs.getLong("seq"),
        instant(rs, "recorded_at"),
        e,
        rs.getString("prev_hash"),
        rs.getString("hash"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}
