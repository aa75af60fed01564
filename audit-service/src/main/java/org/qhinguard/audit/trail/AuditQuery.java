package org.qhinguard.audit.trail;

import java.time.Instant;

/**
 * A search of the trail: every filter is optional; results come newest first, {@code limit} at a
 * time, continuing below {@code beforeSeq} (keyset pagination).
 *
 * @param from inclusive lower bound of the event time
 * @param to exclusive upper bound of the event time
 */
public record AuditQuery(
    String participantId,
    String clientId,
    String patientId,
    String resourceType,
    String interaction,
    String outcome,
    String action,
    Instant from,
    Instant to,
    int limit,
    Long beforeSeq) {}
