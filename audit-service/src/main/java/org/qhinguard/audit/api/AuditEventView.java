package org.qhinguard.audit.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/** One audit record as the JSON API shows it. */
@RegisterForReflection
public record AuditEventView(
    long seq,
    String id,
    String type,
    String source,
    String subject,
    Instant time,
    Instant recordedAt,
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
    JsonNode data,
    String hash) {

  /** A page of results and the cursor of the next one (null on the last page). */
  @RegisterForReflection
  public record Page(List<AuditEventView> items, String nextCursor) {}
}
