package org.qhinguard.facade.authority;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 7662 section 2.2 introspection answer with our additions; {@code aud} may be a string or
 * an array (RFC 7519 section 4.1.3).
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record Introspection(
    boolean active,
    String scope,
    @JsonProperty("client_id") String clientId,
    String sub,
    JsonNode aud,
    String iss,
    Long exp,
    Long iat,
    String jti,
    @JsonProperty("token_type") String tokenType,
    @JsonProperty("participant_id") String participantId,
    @JsonProperty("purpose_of_use") String purposeOfUse,
    String patient,
    String fhirUser) {

  public boolean hasAudience(String audience) {
    if (aud == null || aud.isNull()) {
      return false;
    }
    if (aud.isTextual()) {
      return aud.asText().equals(audience);
    }
    for (JsonNode a : aud) {
      if (a.asText().equals(audience)) {
        return true;
      }
    }
    return false;
  }
}
