package org.qhinguard.policy;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.qhinguard.testing.TestTokens;

/** Request builders and bodies shared by the API tests; every test makes its own participants. */
public final class Api {
  private Api() {}

  public static final String PARTICIPANTS = "/admin/v1/participants";

  public static String uid(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static RequestSpecification as(String subject, String... roles) {
    return given().auth().oauth2(TestTokens.bearer(subject, roles));
  }

  public static RequestSpecification admin() {
    return as("alice-admin", "policy-admin");
  }

  public static RequestSpecification auditor() {
    return as("bob-auditor", "policy-auditor");
  }

  public static RequestSpecification reader() {
    return as("token-authority", "policy-reader");
  }

  /** POST of a participant body by the admin. */
  public static ValidatableResponse register(Object body) {
    return admin().contentType(ContentType.JSON).body(body).post(PARTICIPANTS).then();
  }

  /** POST /v1/decisions by the token authority. */
  public static ValidatableResponse decide(Object body) {
    return reader().contentType(ContentType.JSON).body(body).post("/v1/decisions").then();
  }

  public static Map<String, Object> policy() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(
        "scopeCeiling",
        List.of("patient/Observation.rs?category=laboratory", "patient/Condition.rs"));
    p.put("purposes", List.of("T-TRTMNT", "T-PH"));
    p.put("resourceInteractions", Map.of("Observation", List.of("read", "search")));
    p.put("signingAlgorithms", List.of("RS384", "ES384"));
    p.put("maxTokenLifetimeSeconds", 300);
    p.put("requireDpop", false);
    p.put("requireAtJwtTyp", true);
    p.put("rateLimit", Map.of("perMinute", 120, "burst", 20));
    p.put("minimization", Map.of("Patient", Map.of("T-PH", List.of("birthDate", "address"))));
    return p;
  }

  public static Map<String, Object> qhin(String id) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("id", id);
    q.put("displayName", "QHIN " + id);
    q.put("kind", "QHIN");
    return q;
  }

  /** A participant under {@code qhinId} with one issuer, audience and backend client each. */
  public static Map<String, Object> participant(String id, String qhinId) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", id);
    p.put("displayName", "Clinic " + id);
    p.put("kind", "PARTICIPANT");
    p.put("qhinId", qhinId);
    p.put(
        "issuers",
        List.of(
            Map.of(
                "issuer",
                "https://idp." + id + ".test",
                "jwksUri",
                "https://idp." + id + ".test/jwks")));
    p.put("audiences", List.of("https://fhir." + id + ".test"));
    List<Map<String, Object>> clients = new ArrayList<>();
    clients.add(
        Map.of(
            "clientId",
            id + "-backend",
            "jwksUri",
            "https://idp." + id + ".test/client-jwks",
            "grantTypes",
            List.of("client_credentials"),
            "authMethods",
            List.of("private_key_jwt")));
    p.put("clients", clients);
    p.put("policy", policy());
    return p;
  }

  public static String createQhin() {
    String id = uid("q");
    register(qhin(id)).statusCode(201);
    return id;
  }

  /** Creates a QHIN and a participant under it; returns the participant's id. */
  public static String createParticipant() {
    String q = createQhin();
    String id = uid("p");
    register(participant(id, q)).statusCode(201);
    return id;
  }

  public static String etagOf(String id) {
    Response r = admin().get(PARTICIPANTS + "/" + id);
    r.then().statusCode(200);
    return r.header("ETag");
  }
}
