package org.qhinguard.common.events;

import java.util.List;
import java.util.Map;

/**
 * The data of {@code org.qhinguard.audit.recorded.v1}. Every service emits one per
 * security-relevant action; only {@code action}, {@code outcome} and {@code service} are required.
 *
 * @param service the emitting service, e.g. {@code token-authority-service}
 * @param action what was done
 * @param outcome how it ended
 * @param reason why, in words (the reason an introspection was inactive, a request refused)
 * @param caller the authenticated caller (client id of a resource server, admin subject)
 * @param participantId the participant whose token, client or policy this concerns
 * @param clientId the OAuth client on whose behalf the action happened
 * @param purposeOfUse the asserted exchange purpose (TEFCA code, e.g. T-TRTMNT)
 * @param requestedScopes the scopes asked for
 * @param grantedScopes the scopes granted after narrowing
 * @param resourceType the FHIR resource type, for FHIR access
 * @param interaction the FHIR interaction (read, search, ...), for FHIR access
 * @param patientIds the patients whose data was touched
 * @param resultCount how many resources were returned
 * @param removedCount how many resources were removed by compartment or scope filtering
 * @param details anything else worth keeping, as strings
 */
public record AuditEventData(
    String service,
    AuditAction action,
    Outcome outcome,
    String reason,
    String caller,
    String participantId,
    String clientId,
    String purposeOfUse,
    String requestedScopes,
    String grantedScopes,
    String resourceType,
    String interaction,
    List<String> patientIds,
    Integer resultCount,
    Integer removedCount,
    Map<String, String> details) {

  public AuditEventData {
    if (service == null || service.isBlank()) {
      throw new IllegalArgumentException("service is required");
    }
    if (action == null) {
      throw new IllegalArgumentException("action is required");
    }
    if (outcome == null) {
      throw new IllegalArgumentException("outcome is required");
    }
    patientIds = patientIds == null ? List.of() : List.copyOf(patientIds);
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  public static Builder builder(String service, AuditAction action, Outcome outcome) {
    return new Builder(service, action, outcome);
  }

  /** Most events fill a handful of fields; the builder keeps call sites readable. */
  public static final class Builder {
    private final String service;
    private final AuditAction action;
    private final Outcome outcome;
    private String reason;
    private String caller;
    private String participantId;
    private String clientId;
    private String purposeOfUse;
    private String requestedScopes;
    private String grantedScopes;
    private String resourceType;
    private String interaction;
    private List<String> patientIds;
    private Integer resultCount;
    private Integer removedCount;
    private Map<String, String> details;

    private Builder(String service, AuditAction action, Outcome outcome) {
      this.service = service;
      this.action = action;
      this.outcome = outcome;
    }

    public Builder reason(String v) {
      reason = v;
      return this;
    }

    public Builder caller(String v) {
      caller = v;
      return this;
    }

    public Builder participantId(String v) {
      participantId = v;
      return this;
    }

    public Builder clientId(String v) {
      clientId = v;
      return this;
    }

    public Builder purposeOfUse(String v) {
      purposeOfUse = v;
      return this;
    }

    public Builder requestedScopes(String v) {
      requestedScopes = v;
      return this;
    }

    public Builder grantedScopes(String v) {
      grantedScopes = v;
      return this;
    }

    public Builder resourceType(String v) {
      resourceType = v;
      return this;
    }

    public Builder interaction(String v) {
      interaction = v;
      return this;
    }

    public Builder patientIds(List<String> v) {
      patientIds = v;
      return this;
    }

    public Builder resultCount(Integer v) {
      resultCount = v;
      return this;
    }

    public Builder removedCount(Integer v) {
      removedCount = v;
      return this;
    }

    public Builder details(Map<String, String> v) {
      details = v;
      return this;
    }

    public AuditEventData build() {
      return new AuditEventData(
          service,
          action,
          outcome,
          reason,
          caller,
          participantId,
          clientId,
          purposeOfUse,
          requestedScopes,
          grantedScopes,
          resourceType,
          interaction,
          patientIds,
          resultCount,
          removedCount,
          details);
    }
  }
}
