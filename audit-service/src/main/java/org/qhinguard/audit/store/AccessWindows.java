package org.qhinguard.audit.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.qhinguard.audit.anomaly.BaselineKey;
import org.qhinguard.audit.anomaly.PastWindow;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.EventType;

/**
 * The FHIR accesses of the trail aggregated by participant, client, resource type and window, as
 * the anomaly detector counts them live: requests, distinct patients, returned volume.
 */
@ApplicationScoped
public class AccessWindows {
  // Keys may be null; '' stands for null inside the query so that the two aggregates join.
  private static final String SQL =
      """
      WITH acc AS (
        SELECT coalesce(participant_id, '') AS p, coalesce(client_id, '') AS c,
               coalesce(resource_type, '') AS r,
               floor(extract(epoch FROM event_time) * 1000 / ?)::bigint AS w,
               coalesce(result_count, 0) AS returned, patient_ids
        FROM audit_record
        WHERE type = ? AND action = ? AND event_time >= ? AND event_time < ?)
      SELECT a.p, a.c, a.r, a.w, a.requests, a.volume, coalesce(d.patients, 0)
      FROM (SELECT p, c, r, w, count(*) AS requests, sum(returned) AS volume
            FROM acc GROUP BY p, c, r, w) a
      LEFT JOIN (SELECT p, c, r, w, count(DISTINCT pid) AS patients
                 FROM acc, unnest(acc.patient_ids) AS pid GROUP BY p, c, r, w) d
        ON d.p = a.p AND d.c = a.c AND d.r = a.r AND d.w = a.w
      ORDER BY a.w, a.p, a.c, a.r
      """;

  private final AgroalDataSource dataSource;

  public AccessWindows(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Hands every window that starts in [from, to) to {@code sink}, oldest first. */
  public long windows(Duration window, Instant from, Instant to, Consumer<PastWindow> sink)
      throws SQLException {
    long windowMillis = window.toMillis();
    long n = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(SQL)) {
      ps.setLong(1, windowMillis);
      ps.setString(2, EventType.AUDIT_RECORDED.type());
      ps.setString(3, AuditAction.FHIR_ACCESS.name());
      ps.setTimestamp(4, Timestamp.from(from));
      ps.setTimestamp(5, Timestamp.from(to));
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          BaselineKey key =
              new BaselineKey(
                  orNull(rs.getString(1)), orNull(rs.getString(2)), orNull(rs.getString(3)));
          sink.accept(
              new PastWindow(
                  key,
                  Instant.ofEpochMilli(rs.getLong(4) * windowMillis),
                  rs.getLong(5),
                  rs.getLong(7),
                  rs.getLong(6)));
          n++;
        }
      }
    }
    return n;
  }

  private static String orNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
