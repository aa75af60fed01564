package org.qhinguard.audit.trail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.qhinguard.common.events.AnomalyData;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.Outcome;
import org.qhinguard.common.events.PolicyChangedData;
import org.qhinguard.common.events.TokenRevokedData;

/**
 * What the trail keeps of one bus event: the CloudEvents attributes, the fields queries filter on,
 * and the event's data in canonical JSON. Times are truncated to microseconds, PostgreSQL's
 * precision, so that what is hashed is exactly what is stored.
 */
public record AuditEntry(
    String eventId,
    String type,
    String source,
    String subject,
    Instant eventTime,
    String service,
    String action,
    String outcome,
    String participantId,
    String clientId,
    String resourceType,
    String interaction,
    String purposeOfUse,
    List<String> patientIds,
    Integer resultCount,
    String data) {

  public AuditEntry {
    eventTime = eventTime.truncatedTo(ChronoUnit.MICROS);
    patientIds = patientIds == null ? List.of() : List.copyOf(patientIds);
  }

  /** The entry of a decoded event; every event type of the bus becomes an audit record. */
  public static AuditEntry of(CloudEvent<?> event, ObjectMapper mapper) {
    String data = CanonicalJson.writeValue(event.data(), mapper);
    if (event.data() instanceof AuditEventData d) {
      return new AuditEntry(
          event.id(),
          event.eventType().type(),
          event.source(),
          event.subject(),
          event.time(),
          d.service(),
          d.action().name(),
          d.outcome().name(),
          d.participantId(),
          d.clientId(),
          d.resourceType(),
          d.interaction(),
          d.purposeOfUse(),
          d.patientIds(),
          d.resultCount(),
          data);
    }
    if (event.data() instanceof PolicyChangedData p) {
      return ofService(event, AuditAction.POLICY_CHANGE, p.participantId(), null, null, data);
    }
    if (event.data() instanceof AnomalyData a) {
      return ofService(
          event, AuditAction.ANOMALY, a.participantId(), a.clientId(), a.resourceType(), data);
    }
    if (event.data() instanceof TokenRevokedData t) {
      return ofService(event, AuditAction.TOKEN_REVOCATION, null, t.clientId(), null, data);
    }
    throw new IllegalArgumentException("no audit mapping for " + event.eventType().type());
  }

  /** An event a service emits about itself: its source is the service, its outcome success. */
  private static AuditEntry ofService(
      CloudEvent<?> event,
      AuditAction action,
      String participantId,
      String clientId,
      String resourceType,
      String data) {
    return new AuditEntry(
        event.id(),
        event.eventType().type(),
        event.source(),
        event.subject(),
        event.time(),
        event.source(),
        action.name(),
        Outcome.SUCCESS.name(),
        participantId,
        clientId,
        resourceType,
        null,
        null,
        List.of(),
        null,
        data);
  }
}
