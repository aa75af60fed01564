package org.qhinguard.audit.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
  private static final long CHAIN_LOCK = 0x7167_6175_6469_7431L;

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

  /** Takes the chain lock until the end of the transaction and reads the chain's last link. */
  public HashChain.Head lockHead(Connection c) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, CHAIN_LOCK);
      lock.execute();
    }
    try (PreparedStatement ps =
            c.prepareStatement("SELECT seq, hash FROM audit_record ORDER BY seq DESC LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? new HashChain.Head(rs.getLong(1), rs.getString(2)) : HashChain.Head.EMPTY;
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
   * Inserts the records in one batch and returns how many were stored: an event id already stored
   * is skipped (ON CONFLICT DO NOTHING). The count is read back from the table, because a rewritten
   * batch reports no per-row counts.
   */
  public long insert(Connection c, List<AuditRecord> records) throws SQLException {
    if (records.isEmpty()) {
      return 0;
    }
    String sql =
        "INSERT INTO audit_record ("
            + COLUMNS
            + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
            + " ON CONFLICT (event_id) DO NOTHING";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (AuditRecord r : records) {
        AuditEntry e = r.entry();
        ps.setLong(1, r.seq());
        ps.setString(2, e.eventId());
        ps.setString(3, e.type());
        ps.setString(4, e.source());
        ps.setString(5, e.subject());
        ps.setObject(6, utc(e.eventTime()));
        ps.setObject(7, utc(r.recordedAt()));
        ps.setString(8, e.service());
        ps.setString(9, e.action());
        ps.setString(10, e.outcome());
        ps.setString(11, e.participantId());
        ps.setString(12, e.clientId());
        ps.setString(13, e.resourceType());
        ps.setString(14, e.interaction());
        ps.setString(15, e.purposeOfUse());
        ps.setArray(16, c.createArrayOf("text", e.patientIds().toArray()));
        if (e.resultCount() == null) {
          ps.setNull(17, Types.INTEGER);
        } else {
          ps.setInt(17, e.resultCount());
        }
        ps.setString(18, e.data());
        ps.setString(19, r.prevHash());
        ps.setString(20, r.hash());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement count =
        c.prepareStatement("SELECT count(*) FROM audit_record WHERE seq >= ?")) {
      count.setLong(1, records.get(0).seq());
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
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
