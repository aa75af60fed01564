package org.qhinguard.audit.fhir;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.qhinguard.audit.trail.AuditEntry;
import org.qhinguard.audit.trail.AuditRecord;

/**
 * Audit records as FHIR R4 AuditEvent resources shaped after IHE Basic Audit Log Patterns (BALP):
 * FHIR accesses follow the RESTful read and query patterns (type {@code rest}, subtype the
 * interaction, client and server agents, the patient as an entity); other actions are security
 * events with the matching DICOM event type.
 */
@ApplicationScoped
public class BalpAuditEvents {
  static final String BALP = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/";
  static final String AUDIT_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
  static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
  static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
  static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
  static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
  static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
  static final String QG_ACTION = "urn:qhin-guard:audit-action";
  static final String QG_CLIENT = "urn:qhin-guard:client-id";
  static final String QG_SERVICE = "urn:qhin-guard:service";
  static final String QG_PURPOSE = "urn:qhin-guard:exchange-purpose";
  private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  private final FhirContext fhir;
  private final ObjectMapper json;

  public BalpAuditEvents(FhirContext fhir, ObjectMapper json) {
    this.fhir = fhir;
    this.json = json;
  }

  /** A searchset Bundle of the page, with a {@code next} link when there is more. */
  public String searchset(List<AuditRecord> records, String self, String next) {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
    bundle.addLink().setRelation("self").setUrl(self);
    if (next != null) {
      bundle.addLink().setRelation("next").setUrl(next);
    }
    for (AuditRecord r : records) {
      AuditEvent ev = auditEvent(r);
      bundle
          .addEntry()
          .setFullUrl("urn:uuid:" + uuidOf(r.entry().eventId()))
          .setResource(ev)
          .getSearch()
          .setMode(Bundle.SearchEntryMode.MATCH);
    }
    return fhir.newJsonParser().encodeResourceToString(bundle);
  }

  AuditEvent auditEvent(AuditRecord r) {
    AuditEntry e = r.entry();
    AuditEvent ev = new AuditEvent();
    String id = e.eventId();
    ev.setId(FHIR_ID.matcher(id).matches() ? id : uuidOf(id).toString());
    ev.setRecorded(Date.from(r.recordedAt()));
    ev.setPeriod(
        new org.hl7.fhir.r4.model.Period()
            .setStart(Date.from(e.eventTime()))
            .setEnd(Date.from(e.eventTime())));
    boolean fhirAccess = "FHIR_ACCESS".equals(e.action());
    if (fhirAccess) {
      String interaction = e.interaction() == null ? "read" : e.interaction();
      boolean query = interaction.startsWith("search");
      ev.getMeta().addProfile(BALP + (query ? "IHE.BasicAudit.Query" : "IHE.BasicAudit.Read"));
      ev.setType(new Coding(AUDIT_EVENT_TYPE, "rest", "Restful Operation"));
      ev.addSubtype(
          new Coding(
              RESTFUL_INTERACTION,
              "search".equals(interaction) ? "search-type" : interaction,
              null));
      ev.setAction(query ? AuditEventAction.E : AuditEventAction.R);
    } else {
      ev.setType(securityEventType(e.action()));
      ev.addSubtype(new Coding(QG_ACTION, e.action(), null));
      ev.setAction(AuditEventAction.E);
    }
    ev.setOutcome(
        switch (e.outcome()) {
          case "SUCCESS" -> AuditEventOutcome._0;
          case "DENIED" -> AuditEventOutcome._4;
          default -> AuditEventOutcome._8;
        });
    String reason = reason(e);
    if (reason != null) {
      ev.setOutcomeDesc(reason);
    }
    if (e.purposeOfUse() != null) {
      ev.addPurposeOfEvent(new CodeableConcept(new Coding(QG_PURPOSE, e.purposeOfUse(), null)));
    }
    if (e.clientId() != null) {
      AuditEventAgentComponent client = ev.addAgent();
      client.setType(new CodeableConcept(new Coding(DCM, "110153", "Source Role ID")));
      client.setWho(
          new Reference()
              .setIdentifier(new Identifier().setSystem(QG_CLIENT).setValue(e.clientId()))
              .setDisplay(
                  e.participantId() == null
                      ? e.clientId()
                      : e.clientId() + " (participant " + e.participantId() + ")"));
      client.setRequestor(true);
    }
    AuditEventAgentComponent server = ev.addAgent();
    server.setType(new CodeableConcept(new Coding(DCM, "110152", "Destination Role ID")));
    server.setWho(
        new Reference()
            .setIdentifier(new Identifier().setSystem(QG_SERVICE).setValue(e.service())));
    server.setRequestor(false);
    ev.getSource()
        .setSite("qhin-guard")
        .setObserver(new Reference().setDisplay(e.service()))
        .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));
    for (String patient : e.patientIds()) {
      AuditEventEntityComponent p = ev.addEntity();
      p.setWhat(new Reference("Patient/" + patient));
      p.setType(new Coding(ENTITY_TYPE, "1", "Person"));
      p.setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
    }
    if (fhirAccess && e.resourceType() != null) {
      AuditEventEntityComponent data = ev.addEntity();
      data.setType(new Coding(ENTITY_TYPE, "2", "System Object"));
      data.setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
      data.setName(e.resourceType());
      if (e.resultCount() != null) {
        data.setDescription(e.resultCount() + " " + e.resourceType() + " returned");
      }
    }
    return ev;
  }

  private static Coding securityEventType(String action) {
    return switch (action) {
      case "TOKEN_INTROSPECTION", "TOKEN_ISSUANCE", "TOKEN_REVOCATION" ->
          new Coding(DCM, "110114", "User Authentication");
      case "POLICY_CHANGE", "PARTICIPANT_STATUS_CHANGE" ->
          new Coding(DCM, "110137", "User Security Attributes Changed");
      default -> new Coding(DCM, "110113", "Security Alert");
    };
  }

  private String reason(AuditEntry e) {
    try {
      JsonNode data = json.readTree(e.data());
      JsonNode reason = data.get("reason");
      if (reason == null) {
        reason = data.get("explanation");
      }
      return reason == null || !reason.isTextual() ? null : reason.asText();
    } catch (Exception ex) {
      return null;
    }
  }

  static UUID uuidOf(String eventId) {
    try {
      return UUID.fromString(eventId);
    } catch (IllegalArgumentException e) {
      return UUID.nameUUIDFromBytes(eventId.getBytes(StandardCharsets.UTF_8));
    }
  }
}
