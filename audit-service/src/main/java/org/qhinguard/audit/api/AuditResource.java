package org.qhinguard.audit.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.qhinguard.audit.app.AuditTrail;
import org.qhinguard.audit.config.AuditConfig;
import org.qhinguard.audit.fhir.BalpAuditEvents;
import org.qhinguard.audit.trail.AuditEntry;
import org.qhinguard.audit.trail.AuditQuery;
import org.qhinguard.audit.trail.AuditRecord;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.Outcome;

/** Searching and verifying the audit trail (role {@code audit-reader}). */
@Path("/v1/audit")
@RolesAllowed("audit-reader")
public class AuditResource {
  public static final String FHIR_JSON = "application/fhir+json";

  private final AuditTrail trail;
  private final BalpAuditEvents balp;
  private final ObjectMapper json;
  private final AuditConfig.Query config;

  public AuditResource(
      AuditTrail trail, BalpAuditEvents balp, ObjectMapper json, AuditConfig config) {
    this.trail = trail;
    this.balp = balp;
    this.json = json;
    this.config = config.query();
  }

  /**
   * Audit records newest first. {@code Accept: application/fhir+json} answers a FHIR R4 searchset
   * Bundle of BALP AuditEvents instead of JSON.
   */
  @GET
  @Path("/events")
  @Produces({MediaType.APPLICATION_JSON, FHIR_JSON})
  public Response events(
      @QueryParam("participant") String participant,
      @QueryParam("client") String client,
      @QueryParam("patient") String patient,
      @QueryParam("resourceType") String resourceType,
      @QueryParam("interaction") String interaction,
      @QueryParam("outcome") String outcome,
      @QueryParam("action") String action,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor,
      @Context HttpHeaders headers,
      @Context UriInfo uri) {
    Instant fromTime = Params.instant("from", from);
    Instant toTime = Params.instant("to", to);
    Params.ordered(fromTime, toTime);
    AuditQuery query =
        new AuditQuery(
            Params.text(participant),
            Params.text(client),
            Params.text(patient),
            Params.text(resourceType),
            Params.text(interaction),
            Params.oneOf("outcome", outcome, Outcome.class),
            Params.oneOf("action", action, AuditAction.class),
            fromTime,
            toTime,
            Params.limit(limit, config.defaultLimit(), config.maxLimit()),
            seqOf(cursor));
    AuditTrail.Page page = trail.search(query);
    String next = page.continueBelow().map(s -> Params.cursor("seq:" + s)).orElse(null);
    if (wantsFhir(headers)) {
      String nextUrl =
          next == null
              ? null
              : uri.getRequestUriBuilder().replaceQueryParam("cursor", next).build().toString();
      return Response.ok(
              balp.searchset(page.records(), uri.getRequestUri().toString(), nextUrl), FHIR_JSON)
          .build();
    }
    List<AuditEventView> items = page.records().stream().map(this::view).toList();
    return Response.ok(new AuditEventView.Page(items, next), MediaType.APPLICATION_JSON).build();
  }

  /**
   * Verifies the hash chain over the records stored in [from, to) and names the first break. With
   * {@code anchor=<lastSeq>:<lastHash>} of an earlier report, also that the trail was not cut back
   * behind it.
   */
  @GET
  @Path("/verify")
  @Produces(MediaType.APPLICATION_JSON)
  public ChainReportView verify(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("anchor") String anchor) {
    Instant fromTime = Params.instant("from", from);
    Instant toTime = Params.instant("to", to);
    Params.ordered(fromTime, toTime);
    return ChainReportView.of(trail.verify(fromTime, toTime, Params.anchor(anchor)));
  }

  private static Long seqOf(String cursor) {
    String position = Params.position(cursor);
    if (position == null) {
      return null;
    }
    if (!position.startsWith("seq:")) {
      throw Params.invalidCursor();
    }
    try {
      return Long.parseLong(position.substring(4));
    } catch (NumberFormatException e) {
      throw Params.invalidCursor();
    }
  }

  private static boolean wantsFhir(HttpHeaders headers) {
    for (MediaType m : headers.getAcceptableMediaTypes()) {
      if (m.isWildcardType() || m.isWildcardSubtype()) {
        continue;
      }
      String type = m.getType() + "/" + m.getSubtype();
      if (type.equalsIgnoreCase(FHIR_JSON)) {
        return true;
      }
      if (type.equalsIgnoreCase(MediaType.APPLICATION_JSON)) {
        return false;
      }
    }
    return false;
  }

  private AuditEventView view(AuditRecord r) {
    AuditEntry e = r.entry();
    try {
      return new AuditEventView(
          r.seq(),
          e.eventId(),
          e.type(),
          e.source(),
          e.subject(),
          e.eventTime(),
          r.recordedAt(),
          e.service(),
          e.action(),
          e.outcome(),
          e.participantId(),
          e.clientId(),
          e.resourceType(),
          e.interaction(),
          e.purposeOfUse(),
          e.patientIds(),
          e.resultCount(),
          json.readTree(e.data()),
          r.hash());
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("stored data of record " + r.seq() + " is not JSON", ex);
    }
  }
}
