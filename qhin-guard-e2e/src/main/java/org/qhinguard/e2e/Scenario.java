package org.qhinguard.e2e;

import static org.qhinguard.e2e.Report.expect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.qhinguard.e2e.Http.Reply;

/**
 * The suite's main job, through the four running services: two QHINs and their participants are
 * registered through the admin API, then every defence the suite promises is exercised once and
 * reported. Any deviation fails the run.
 */
public final class Scenario {
  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  static final String OTHER_AUDIENCE = "https://fhir.hie-b.example/fhir";
  static final Duration LEARNING = Duration.ofSeconds(10);

  private final Suite suite;
  private final Http http = new Http();
  private final Report report;
  private final String run = UUID.randomUUID().toString().substring(0, 6);

  // Participants and clients of this run (ids are unique per run).
  private final String qhinA = "qhin-a-" + run;
  private final String hospitalA = "hospital-a-" + run;
  private final String qhinB = "qhin-b-" + run;
  private final String clinicB = "clinic-b-" + run;
  private final String hieB = "hie-b-" + run;
  private final String labC = "lab-c-" + run;
  private final String partnerApp = "clinic-b-app-" + run;
  private final String patientApp = "clinic-b-patient-app-" + run;
  private final String hieBServer = "hie-b-rs-" + run;
  private final String hieBSecret = secret();
  private final String scraperApp = "lab-c-app-" + run;
  private final PartnerKeys partnerKeys = new PartnerKeys("clinic-b-" + run);
  private final PartnerKeys scraperKeys = new PartnerKeys("lab-c-" + run);

  private String admin;
  private String partnerToken;
  private String patientToken;
  private String grantedScope;

  Scenario(Suite suite, PrintStream out) {
    this.suite = suite;
    this.report = new Report(out);
  }

  public static void main(String[] args) {
    Path state = Path.of(System.getProperty("qg.e2e.state", ".suite"));
    Scenario scenario = new Scenario(Suite.fromState(state), System.out);
    System.exit(scenario.run().failures() == 0 ? 0 : 1);
  }

  Report run() {
    System.out.println("qhin-guard scenario " + run + " (" + Instant.now() + ")");
    boolean ok =
        report.step("administrator gets an internal token (bootstrap client)", this::adminToken)
            && report.step("registers two QHINs and their participants", this::register);
    if (ok) {
      report.step("partner obtains a token with private_key_jwt", this::partnerObtainsToken);
      report.step("intended audience introspects: active, scopes narrowed", this::introspectActive);
      report.step("another network's resource server introspects: inactive", this::otherNetwork);
      report.step("scope escalation is refused and audited", this::escalation);
      report.step("system app reads a patient, data minimized", this::minimized);
      report.step("patient-scoped app reads only its patient", this::patientCompartment);
      report.step("a revoked token is refused by the facade", this::revocation);
      report.step("scraping client hits its rate limit and raises an anomaly", this::scraping);
      report.step("suspended participant's live tokens turn inactive", this::suspension);
      report.step("the audit chain verifies", this::auditChain);
    }
    report.summary();
    return report;
  }

  Report report() {
    return report;
  }

  // --- steps -------------------------------------------------------------------------------

  private String adminToken() {
    Reply r =
        http.postForm(
            suite.tokenUrl(),
            Http.basic(suite.adminClientId(), suite.adminSecret()),
            Http.form("grant_type", "client_credentials"));
    expect(r.status() == 200 && r.text("access_token") != null, "token endpoint: " + r);
    admin = Http.bearer(r.text("access_token"));
    return "client " + suite.adminClientId() + ", expires in " + r.text("expires_in") + " s";
  }

  private String register() {
    createParticipant(participant(qhinA, "QHIN A", "QHIN", null, List.of(), List.of()), null);
    createParticipant(
        participant(
            hospitalA,
            "Hospital A (behind the FHIR facade)",
            "PARTICIPANT",
            qhinA,
            List.of(suite.audience()),
            List.of()),
        policy(List.of("system/*.rs"), 600, 100));
    createParticipant(participant(qhinB, "QHIN B", "QHIN", null, List.of(), List.of()), null);
    createParticipant(
        participant(
            clinicB,
            "Clinic B",
            "PARTICIPANT",
            qhinB,
            List.of(),
            List.of(jwtClient(partnerApp, partnerKeys), jwtClient(patientApp, partnerKeys))),
        policy(
            List.of(
                "system/Patient.rs", "system/Observation.rs?category=laboratory", "patient/*.rs"),
            600,
            100));
    createParticipant(
        participant(
            hieB,
            "HIE B (another network's resource server)",
            "PARTICIPANT",
            qhinB,
            List.of(OTHER_AUDIENCE),
            List.of(secretClient(hieBServer, hieBSecret))),
        policy(List.of("system/Patient.r"), 600, 100));
    createParticipant(
        participant(
            labC,
            "Lab C",
            "SUB_PARTICIPANT",
            qhinB,
            List.of(),
            List.of(jwtClient(scraperApp, scraperKeys))),
        policy(List.of("system/Patient.rs"), 60, 25));
    Reply list =
        http.get(suite.policy() + "/admin/v1/participants?size=100", admin, "application/json");
    expect(list.status() == 200, "list participants: " + list);
    return "QHINs "
        + qhinA
        + ", "
        + qhinB
        + "; participants "
        + hospitalA
        + ", "
        + clinicB
        + ", "
        + hieB
        + ", "
        + labC;
  }

  private String partnerObtainsToken() {
    Reply r =
        requestToken(
            partnerApp,
            partnerKeys,
            "system/Patient.rs system/Observation.rs user/Observation.rs",
            null);
    expect(r.status() == 200, "token endpoint: " + r);
    partnerToken = r.text("access_token");
    grantedScope = r.text("scope");
    expect(grantedScope != null && !grantedScope.contains("user/"), "granted " + grantedScope);
    expect(
        grantedScope.contains("system/Observation.rs?category=laboratory"),
        "Observation not narrowed to the ceiling's constraint: " + grantedScope);
    return "asked system/Patient.rs system/Observation.rs user/Observation.rs, granted "
        + grantedScope;
  }

  private String introspectActive() {
    Reply r = introspect(suite.facadeClientId(), suite.facadeSecret(), partnerToken);
    expect(r.status() == 200, "introspection: " + r);
    expect(r.json().path("active").asBoolean(false), "inactive for its own audience: " + r);
    expect(grantedScope.equals(r.text("scope")), "scope " + r.text("scope"));
    expect(clinicB.equals(r.text("participant_id")), "participant " + r.text("participant_id"));
    return "active, participant_id " + r.text("participant_id") + ", scope " + r.text("scope");
  }

  private String otherNetwork() {
    Reply r = introspect(hieBServer, hieBSecret, partnerToken);
    expect(r.status() == 200, "introspection: " + r);
    expect(r.json().size() == 1 && !r.json().path("active").asBoolean(true), "answer " + r);
    return hieBServer + " (audience " + OTHER_AUDIENCE + ") got " + r.raw().body();
  }

  private String escalation() {
    Reply r = requestToken(partnerApp, partnerKeys, "user/*.cruds system/Encounter.cruds", null);
    expect(r.status() == 400, "escalation answered " + r);
    expect("invalid_scope".equals(r.text("error")), "error " + r.text("error"));
    JsonNode events =
        await(
            "a SCOPE_ESCALATION audit event",
            () -> {
              Reply q =
                  http.get(
                      suite.audit()
                          + "/v1/audit/events?action=SCOPE_ESCALATION&participant="
                          + clinicB,
                      admin,
                      "application/json");
              JsonNode items = q.json() == null ? null : q.json().path("items");
              return items != null && items.size() > 0 ? items : null;
            });
    return "400 invalid_scope; audit has " + events.size() + " SCOPE_ESCALATION event(s)";
  }

  private String minimized() {
    Reply r = fhirGet(partnerToken, "/Patient/pat-0001");
    expect(r.status() == 200, "read Patient: " + r);
    JsonNode tags = r.json().path("meta").path("tag");
    boolean subsetted = false;
    for (JsonNode t : tags) {
      subsetted |= "SUBSETTED".equals(t.path("code").asText());
    }
    expect(subsetted, "no SUBSETTED tag: " + r);
    expect(!r.json().has("address") && !r.json().has("telecom"), "address/telecom returned");
    return "Patient/pat-0001 returned with " + fieldNames(r.json()) + ", tagged SUBSETTED";
  }

  private String patientCompartment() {
    Reply t = requestToken(patientApp, partnerKeys, "patient/*.rs", "pat-0002");
    expect(t.status() == 200, "patient token: " + t);
    String token = t.text("access_token");
    patientToken = token;
    Reply own = fhirGet(token, "/Observation?patient=pat-0002");
    expect(own.status() == 200, "own Observations: " + own);
    Set<String> subjects = new HashSet<>();
    for (JsonNode e : own.json().path("entry")) {
      subjects.add(e.path("resource").path("subject").path("reference").asText());
    }
    expect(subjects.equals(Set.of("Patient/pat-0002")), "subjects " + subjects);
    Reply other = fhirGet(token, "/Patient/pat-0003");
    expect(other.status() == 403, "other patient answered " + other);
    expect(
        "OperationOutcome".equals(other.text("resourceType")), "not an OperationOutcome: " + other);
    Reply otherSearch = fhirGet(token, "/Observation?patient=pat-0003");
    expect(
        otherSearch.status() == 403
            || (otherSearch.status() == 200 && otherSearch.json().path("entry").size() == 0),
        "search of another patient answered " + otherSearch);
    return own.json().path("entry").size()
        + " Observations of pat-0002; Patient/pat-0003 refused 403 ("
        + other.json().path("issue").path(0).path("diagnostics").asText()
        + ")";
  }

  private String revocation() {
    expect(patientToken != null, "no patient token from the step before");
    // The facade has this token's introspection cached from the step before.
    Reply before = fhirGet(patientToken, "/Patient/pat-0002");
    expect(before.status() == 200, "read before revocation: " + before);
    Reply r =
        http.postForm(
            suite.revokeUrl(),
            null,
            Http.form(
                "client_assertion_type",
                JWT_BEARER,
                "client_assertion",
                partnerKeys.clientAssertion(patientApp, suite.revokeAudience()),
                "token",
                patientToken));
    expect(r.status() == 200, "revoke: " + r);
    Instant start = Instant.now();
    Reply introspected = introspect(suite.facadeClientId(), suite.facadeSecret(), patientToken);
    expect(
        introspected.status() == 200 && !introspected.json().path("active").asBoolean(true),
        "introspection after revocation: " + introspected);
    Reply fhir =
        await(
            "the facade to refuse the revoked token",
            () -> {
              Reply f = fhirGet(patientToken, "/Patient/pat-0002");
              return f.status() == 401 ? f : null;
            });
    return "RFC 7009 revocation by its client; introspection inactive at once; the facade answers"
        + " 401 after "
        + Duration.between(start, Instant.now()).toMillis()
        + " ms (token.revoked.v1 dropped its cached introspection)";
  }

  private String scraping() {
    Reply t = requestToken(scraperApp, scraperKeys, "system/Patient.rs", null);
    expect(t.status() == 200, "scraper token: " + t);
    String token = t.text("access_token");
    // First the client's normal pattern: one patient every little while, long enough for the
    // audit service to learn it (the demo runs the detector with short windows).
    Instant learnUntil = Instant.now().plus(LEARNING);
    int normal = 0;
    while (Instant.now().isBefore(learnUntil)) {
      Reply r = fhirGet(token, "/Patient/pat-0050");
      expect(r.status() == 200, "normal read answered " + r);
      normal++;
      pause(Duration.ofMillis(1500));
    }
    int ok = 0;
    int limited = 0;
    String retryAfter = null;
    for (int i = 1; i <= 60 && limited == 0; i++) {
      Reply r = fhirGet(token, "/Patient/" + String.format(Locale.ROOT, "pat-%04d", i));
      if (r.status() == 200) {
        ok++;
      } else if (r.status() == 429) {
        limited++;
        retryAfter = r.header("Retry-After");
      } else {
        throw new Report.Deviation("scraper read answered " + r);
      }
    }
    expect(limited > 0, "no 429 after " + ok + " reads");
    expect(retryAfter != null, "429 without Retry-After");
    JsonNode anomaly =
        await(
            "an anomaly for " + scraperApp,
            () -> {
              Reply a =
                  http.get(
                      suite.audit() + "/v1/anomalies?participant=" + labC,
                      admin,
                      "application/json");
              JsonNode items = a.json() == null ? null : a.json().path("items");
              return items != null && items.size() > 0 ? items.get(0) : null;
            });
    return normal
        + " normal reads, then "
        + ok
        + " distinct patients and 429 (Retry-After "
        + retryAfter
        + " s); anomaly: "
        + anomaly.path("explanation").asText();
  }

  private String suspension() {
    Reply current =
        http.get(suite.policy() + "/admin/v1/participants/" + clinicB, admin, "application/json");
    expect(current.status() == 200, "read participant: " + current);
    Reply s =
        http.sendJson(
            "POST",
            suite.policy() + "/admin/v1/participants/" + clinicB + "/suspend",
            admin,
            null,
            "application/json",
            current.header("ETag"));
    expect(s.status() / 100 == 2, "suspend: " + s);
    Instant start = Instant.now();
    await(
        "the partner's token to turn inactive",
        () -> {
          Reply r = introspect(suite.facadeClientId(), suite.facadeSecret(), partnerToken);
          return r.status() == 200 && !r.json().path("active").asBoolean(true) ? r : null;
        });
    long ms = Duration.between(start, Instant.now()).toMillis();
    Reply fhir =
        await(
            "the facade to refuse the partner's token",
            () -> {
              Reply r = fhirGet(partnerToken, "/Patient/pat-0001");
              return r.status() == 401 ? r : null;
            });
    long facadeMs = Duration.between(start, Instant.now()).toMillis();
    return "introspection inactive after "
        + ms
        + " ms; facade answers 401 after "
        + facadeMs
        + " ms ("
        + fhir.header("WWW-Authenticate")
        + ")";
  }

  private String auditChain() {
    Reply r = http.get(suite.audit() + "/v1/audit/verify", admin, "application/json");
    expect(r.status() == 200, "verify: " + r);
    expect(r.json().path("intact").asBoolean(false), "chain broken: " + r);
    return r.raw().body();
  }

  // --- helpers -----------------------------------------------------------------------------

  private Reply requestToken(String clientId, PartnerKeys keys, String scope, String patient) {
    return http.postForm(
        suite.tokenUrl(),
        null,
        Http.form(
            "grant_type",
            "client_credentials",
            "client_assertion_type",
            JWT_BEARER,
            "client_assertion",
            keys.clientAssertion(clientId, suite.tokenAudience()),
            "scope",
            scope,
            "resource",
            suite.audience(),
            "purpose_of_use",
            "T-TRTMNT",
            "patient",
            patient));
  }

  /** Introspects as a resource server: the facade (a suite service client) names its audience. */
  private Reply introspect(String clientId, String secret, String token) {
    String resource = clientId.equals(suite.facadeClientId()) ? suite.audience() : null;
    return http.postForm(
        suite.introspectUrl(),
        Http.basic(clientId, secret),
        Http.form("token", token, "resource", resource));
  }

  private Reply fhirGet(String token, String path) {
    return http.get(suite.fhirBase() + path, Http.bearer(token), "application/fhir+json");
  }

  private void createParticipant(ObjectNode participant, ObjectNode policy) {
    if (policy != null) {
      participant.set("policy", policy);
    }
    Reply r = http.postJson(suite.policy() + "/admin/v1/participants", admin, participant);
    expect(r.status() == 201, "create " + participant.path("id").asText() + ": " + r);
  }

  private static ObjectNode participant(
      String id,
      String name,
      String kind,
      String qhin,
      List<String> audiences,
      List<ObjectNode> clients) {
    ObjectNode p = Http.JSON.createObjectNode();
    p.put("id", id).put("displayName", name).put("kind", kind);
    if (qhin != null) {
      p.put("qhinId", qhin);
    }
    ArrayNode aud = p.putArray("audiences");
    audiences.forEach(aud::add);
    p.putArray("clients").addAll(clients);
    return p;
  }

  private static ObjectNode secretClient(String clientId, String secret) {
    ObjectNode c = Http.JSON.createObjectNode();
    c.put("clientId", clientId).put("clientSecret", secret);
    c.set("grantTypes", Http.JSON.createArrayNode().add("client_credentials"));
    c.set("authMethods", Http.JSON.createArrayNode().add("client_secret_basic"));
    return c;
  }

  private static ObjectNode jwtClient(String clientId, PartnerKeys keys) {
    ObjectNode c = Http.JSON.createObjectNode();
    c.put("clientId", clientId).put("jwks", keys.publicJwks());
    c.set("grantTypes", Http.JSON.createArrayNode().add("client_credentials"));
    c.set("authMethods", Http.JSON.createArrayNode().add("private_key_jwt"));
    return c;
  }

  private static ObjectNode policy(List<String> ceiling, int perMinute, int burst) {
    ObjectNode p = Http.JSON.createObjectNode();
    ArrayNode scopes = p.putArray("scopeCeiling");
    ceiling.forEach(scopes::add);
    p.putArray("purposes").add("T-TRTMNT").add("T-PYMNT");
    ObjectNode interactions = p.putObject("resourceInteractions");
    for (String type :
        List.of("Patient", "Observation", "Condition", "Encounter", "MedicationRequest")) {
      interactions.putArray(type).add("read").add("search");
    }
    p.putArray("signingAlgorithms").add("RS384").add("RS256").add("ES256");
    p.put("maxTokenLifetimeSeconds", 900);
    p.put("requireDpop", false);
    p.put("requireAtJwtTyp", true);
    p.putObject("rateLimit").put("perMinute", perMinute).put("burst", burst);
    ObjectNode minimization = p.putObject("minimization");
    minimization
        .putObject("Patient")
        .putArray("T-TRTMNT")
        .add("id")
        .add("meta")
        .add("name")
        .add("gender")
        .add("birthDate");
    return p;
  }

  private static String fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return String.join(", ", names);
  }

  private static String secret() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Report.Deviation("interrupted");
    }
  }

  /** Polls until {@code probe} returns non-null, for at most 20 seconds. */
  private static <T> T await(String what, Supplier<T> probe) {
    Instant deadline = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(deadline)) {
      T v = probe.get();
      if (v != null) {
        return v;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new Report.Deviation("timed out waiting for " + what);
  }
}
