package org.qhinguard.audit.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.qhinguard.audit.app.AnomalyWatch;
import org.qhinguard.audit.config.AuditConfig;
import org.qhinguard.audit.store.AnomalyEntity;

/** The anomalies raised, newest first (role {@code audit-reader}). */
@Path("/v1/anomalies")
@RolesAllowed("audit-reader")
public class AnomalyResource {
  private final AnomalyWatch anomalies;
  private final AuditConfig.Query config;

  public AnomalyResource(AnomalyWatch anomalies, AuditConfig config) {
    this.anomalies = anomalies;
    this.config = config.query();
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public AnomalyView.Page list(
      @QueryParam("participant") String participant,
      @QueryParam("client") String client,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    int n = Params.limit(limit, config.defaultLimit(), config.maxLimit());
    List<AnomalyEntity> found =
        anomalies.list(Params.text(participant), Params.text(client), below(cursor), n + 1);
    List<AnomalyEntity> page = found.size() > n ? found.subList(0, n) : found;
    String next = null;
    if (found.size() > n) {
      AnomalyEntity last = page.get(n - 1);
      next = Params.cursor(last.raisedAt + "|" + last.id);
    }
    return new AnomalyView.Page(page.stream().map(AnomalyView::of).toList(), next);
  }

  private static AnomalyWatch.AnomalyCursor below(String cursor) {
    String position = Params.position(cursor);
    if (position == null) {
      return null;
    }
    int bar = position.indexOf('|');
    if (bar < 0) {
      throw Params.invalidCursor();
    }
    try {
      return new AnomalyWatch.AnomalyCursor(
          Instant.parse(position.substring(0, bar)), UUID.fromString(position.substring(bar + 1)));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw Params.invalidCursor();
    }
  }
}
