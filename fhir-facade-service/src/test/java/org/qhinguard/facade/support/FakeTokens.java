package org.qhinguard.facade.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque partner tokens the fake token authority understands: the introspection answer itself,
 * base64url-encoded, so a test states exactly what the authority will say.
 */
public final class FakeTokens {
  private FakeTokens() {}

  public static final String AUDIENCE = "https://fhir.test.qhin-guard.invalid/fhir";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "fake.";

  public static ObjectNode claims(
      String client, String participant, String purpose, String patient, String scope) {
    ObjectNode c = JSON.createObjectNode();
    c.put("active", true);
    c.put("client_id", client);
    c.put("sub", client);
    c.put("scope", scope);
    c.put("aud", AUDIENCE);
    c.put("iss", "https://authority.test.qhin-guard.invalid");
    c.put("exp", Instant.now().plusSeconds(600).getEpochSecond());
    c.put("iat", Instant.now().getEpochSecond());
    c.put("jti", UUID.randomUUID().toString());
    c.put("token_type", "Bearer");
    c.put("participant_id", participant);
    if (purpose != null) {
      c.put("purpose_of_use", purpose);
    }
    if (patient != null) {
      c.put("patient", patient);
    }
    return c;
  }

  public static String token(JsonNode claims) {
    return PREFIX
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A treatment token of p-main for one patient. */
  public static String patient(String patient, String scope) {
    return token(claims("app-" + patient, "p-main", "T-TRTMNT", patient, scope));
  }

  /** A treatment token of p-main without a patient. */
  public static String system(String scope) {
    return token(claims("backend-1", "p-main", "T-TRTMNT", null, scope));
  }

  public static String bearer(String token) {
    return "Bearer " + token;
  }

  static JsonNode decode(String token) {
    if (token == null || !token.startsWith(PREFIX)) {
      return null;
    }
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())));
    } catch (Exception e) {
      return null;
    }
  }
}
