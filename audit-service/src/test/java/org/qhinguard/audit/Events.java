package org.qhinguard.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventType;
import org.qhinguard.common.events.Outcome;

/** Bus events as the facade and the authority send them. */
public final class Events {
  private Events() {}

  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static CloudEvent<AuditEventData> fhirAccess(
      String participant, String client, String patient, Instant time) {
    return fhirAccess(
        participant, client, "Observation", "search", Outcome.SUCCESS, patient, 3, time);
  }

  public static CloudEvent<AuditEventData> fhirAccess(
      String participant,
      String client,
      String resourceType,
      String interaction,
      Outcome outcome,
      String patient,
      int returned,
      Instant time) {
    AuditEventData data =
        AuditEventData.builder("fhir-facade-service", AuditAction.FHIR_ACCESS, outcome)
            .participantId(participant)
            .clientId(client)
            .caller(client)
            .purposeOfUse("T-TRTMNT")
            .grantedScopes("system/" + resourceType + ".rs")
            .resourceType(resourceType)
            .interaction(interaction)
            .patientIds(patient == null ? List.of() : List.of(patient))
            .resultCount(returned)
            .reason(outcome == Outcome.DENIED ? "scope beyond the ceiling" : null)
            .build();
    return new CloudEvent<>(
        UUID.randomUUID().toString(),
        "fhir-facade-service",
        EventType.AUDIT_RECORDED,
        patient,
        time,
        data);
  }

  public static CloudEvent<AuditEventData> introspection(String participant, String client) {
    AuditEventData data =
        AuditEventData.builder(
                "token-authority-service", AuditAction.TOKEN_INTROSPECTION, Outcome.DENIED)
            .participantId(participant)
            .clientId(client)
            .reason("token audience is another server")
            .build();
    return CloudEvent.of("token-authority-service", EventType.AUDIT_RECORDED, null, data);
  }
}
