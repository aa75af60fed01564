package org.qhinguard.policy.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.qhinguard.policy.Api.PARTICIPANTS;
import static org.qhinguard.policy.Api.admin;
import static org.qhinguard.policy.Api.auditor;
import static org.qhinguard.policy.Api.createParticipant;
import static org.qhinguard.policy.Api.createQhin;
import static org.qhinguard.policy.Api.etagOf;
import static org.qhinguard.policy.Api.participant;
import static org.qhinguard.policy.Api.reader;
import static org.qhinguard.policy.Api.uid;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.qhinguard.policy.Api;
import org.qhinguard.testing.TestTokens;

@QuarkusTest
class AdminApiTest {

  static final String PROBLEM = "application/problem+json";

  @Test
  void rejectsAdminCallsWithoutAValidToken() {
    given().get(PARTICIPANTS).then().statusCode(401);
    given()
        .auth()
        .oauth2(TestTokens.bearerSignedByStranger("mallory", "policy-admin"))
        .get(PARTICIPANTS)
        .then()
        .statusCode(401);
  }

  @Test
  void forbidsCallersWithoutTheRightRole() {
    String q = uid("q");
    auditor()
        .contentType(ContentType.JSON)
        .body(Api.qhin(q))
        .post(PARTICIPANTS)
        .then()
        .statusCode(403);
    reader().get(PARTICIPANTS).then().statusCode(403);
    Api.as("someone").get(PARTICIPANTS).then().statusCode(403);
  }

  @Test
  void auditorReadsButCannotWrite() {
    String id = createParticipant();
    auditor().get(PARTICIPANTS + "/" + id).then().statusCode(200).body("id", equalTo(id));
    auditor().get(PARTICIPANTS + "/" + id + "/history").then().statusCode(200);
    auditor()
        .header("If-Match", etagOf(id))
        .post(PARTICIPANTS + "/" + id + "/suspend")
        .then()
        .statusCode(403);
  }

  @Test
  void registersAParticipantWithVersionOneAsETag() {
    String q = createQhin();
    String id = uid("p");
    Api.register(participant(id, q))
        .statusCode(201)
        .header("Location", org.hamcrest.Matchers.endsWith(PARTICIPANTS + "/" + id))
        .header("ETag", "\"1\"")
        .body("id", equalTo(id))
        .body("qhinId", equalTo(q))
        .body("status", equalTo("ACTIVE"))
        .body("version", equalTo(1))
        .body("clients[0].hasSecret", equalTo(false))
        .body("policy.purposes", contains("T-TRTMNT", "T-PH"));
  }

  @Test
  void aParticipantRegisteredWithoutPolicyIsAllowedNothing() {
    String q = createQhin();
    admin()
        .get(PARTICIPANTS + "/" + q + "/policy")
        .then()
        .statusCode(200)
        .body("scopeCeiling", hasSize(0))
        .body("purposes", hasSize(0));
  }

  @Test
  void storesOnlyABcryptHashOfAClientSecret() {
    String q = createQhin();
    String id = uid("p");
    String secret = "correct-horse-battery-staple";
    Map<String, Object> body = participant(id, q);
    body.put(
        "clients",
        List.of(
            Map.of(
                "clientId", id + "-svc",
                "grantTypes", List.of("client_credentials"),
                "authMethods", List.of("client_secret_basic"),
                "clientSecret", secret,
                "roles", List.of("policy-reader"))));
    String created =
        Api.register(body)
            .statusCode(201)
            .body("clients[0].hasSecret", equalTo(true))
            .extract()
            .asString();
    assertThat(created).doesNotContain(secret).doesNotContain("$2");

    String hash =
        reader()
            .get("/v1/snapshots/clients/" + id + "-svc")
            .then()
            .statusCode(200)
            .body("clients[0].roles", contains("policy-reader"))
            .extract()
            .path("clients[0].secretHash");
    assertThat(hash).startsWith("$2");
    assertThat(BcryptUtil.matches(secret, hash)).isTrue();
    assertThat(admin().get(PARTICIPANTS + "/" + id + "/history").asString()).doesNotContain(hash);

    // Replacing the registration without a new secret keeps the stored one.
    Map<String, Object> again = new HashMap<>(body);
    again.remove("policy");
    again.put(
        "clients",
        List.of(
            Map.of(
                "clientId", id + "-svc",
                "grantTypes", List.of("client_credentials"),
                "authMethods", List.of("client_secret_basic"))));
    admin()
        .contentType(ContentType.JSON)
        .header("If-Match", "\"1\"")
        .body(again)
        .put(PARTICIPANTS + "/" + id)
        .then()
        .statusCode(200)
        .body("clients[0].hasSecret", equalTo(true));
    assertThat(
            reader()
                .get("/v1/snapshots/participants/" + id)
                .path("clients[0].secretHash")
                .toString())
        .isEqualTo(hash);
  }

  @Test
  void rejectsUnknownFieldsNamingEachOne() {
    String q = createQhin();
    Map<String, Object> body = participant(uid("p"), q);
    body.put("isAdmin", true);
    Map<String, Object> client =
        new HashMap<>(((List<Map<String, Object>>) body.get("clients")).get(0));
    client.put("scope", "system/*.*");
    body.put("clients", List.of(client));
    Map<String, Object> policy = new HashMap<>(Api.policy());
    policy.put("rateLimit", Map.of("perMinute", 10, "burst", 5, "unlimited", true));
    body.put("policy", policy);

    Api.register(body)
        .statusCode(400)
        .contentType(PROBLEM)
        .body("status", equalTo(400))
        .body("type", startsWith("urn:qhinguard:problem:"))
        .body(
            "errors.field",
            containsInAnyOrder("clients[0].scope", "isAdmin", "policy.rateLimit.unlimited"));
  }

  @Test
  void namesEveryFieldThatBreaksTheSyntax() {
    Map<String, Object> body = participant("has space", "q");
    body.put("displayName", "");
    Map<String, Object> policy = new HashMap<>(Api.policy());
    policy.put("maxTokenLifetimeSeconds", 0);
    policy.remove("requireDpop");
    body.put("policy", policy);
    Api.register(body)
        .statusCode(400)
        .contentType(PROBLEM)
        .body(
            "errors.field",
            containsInAnyOrder(
                "clients[0].clientId",
                "displayName",
                "id",
                "policy.maxTokenLifetimeSeconds",
                "policy.requireDpop"));
  }

  @Test
  void namesEveryFieldThatBreaksThePolicyRules() {
    String q = createQhin();
    Map<String, Object> body = participant(uid("p"), q);
    Map<String, Object> policy = new HashMap<>(Api.policy());
    policy.put("scopeCeiling", List.of("patient/Observation.rs", "patient/Foo.rs", "launch/x"));
    policy.put("purposes", List.of("T-TRTMNT", "T-MARKETING"));
    policy.put("signingAlgorithms", List.of("HS256"));
    policy.put("resourceInteractions", Map.of("Observation", List.of("read", "teleport")));
    body.put("policy", policy);
    Api.register(body)
        .statusCode(400)
        .body(
            "errors.field",
            containsInAnyOrder(
                "policy.scopeCeiling[1]",
                "policy.scopeCeiling[2]",
                "policy.purposes[1]",
                "policy.signingAlgorithms[0]",
                "policy.resourceInteractions.Observation"));
  }

  @Test
  void rejectsMalformedJsonAndWrongTypes() {
    Api.register("{\"id\": ").statusCode(400).contentType(PROBLEM);
    Api.register("{\"id\":\"a\",\"id\":\"b\"}").statusCode(400).contentType(PROBLEM);
    Map<String, Object> body = participant(uid("p"), "q");
    Map<String, Object> policy = new HashMap<>(Api.policy());
    policy.put("maxTokenLifetimeSeconds", "soon");
    body.put("policy", policy);
    Api.register(body)
        .statusCode(400)
        .body("errors.field", contains("policy.maxTokenLifetimeSeconds"));
    Map<String, Object> kind = participant(uid("p"), "q");
    kind.put("kind", "EMPIRE");
    Api.register(kind).statusCode(400).body("errors.field", contains("kind"));
  }

  @Test
  void rejectsAParticipantUnderAnUnknownQhin() {
    admin()
        .contentType(ContentType.JSON)
        .body(participant(uid("p"), uid("nowhere")))
        .post(PARTICIPANTS)
        .then()
        .statusCode(400)
        .body("errors.field", contains("qhinId"));
  }

  @Test
  void refusesAnIdentifierAlreadyRegisteredToAnotherParticipant() {
    String first = createParticipant();
    String q = createQhin();
    Map<String, Object> body = participant(uid("p"), q);
    body.put(
        "issuers",
        List.of(
            Map.of("issuer", "https://idp." + first + ".test", "jwksUri", "https://k.test/jwks")));
    Api.register(body)
        .statusCode(409)
        .contentType(PROBLEM)
        .body("errors[0].field", equalTo("issuers[0].issuer"))
        .body("errors[0].message", equalTo("already registered to participant " + first));
  }

  @Test
  void refusesASecondParticipantWithTheSameId() {
    String q = createQhin();
    Api.register(Api.qhin(q)).statusCode(409);
  }

  @Test
  void requiresIfMatchOnEveryWrite() {
    String id = createParticipant();
    admin()
        .contentType(ContentType.JSON)
        .body(Api.policy())
        .put(PARTICIPANTS + "/" + id + "/policy")
        .then()
        .statusCode(428)
        .contentType(PROBLEM);
    admin()
        .contentType("application/merge-patch+json")
        .body("{\"purposes\":[\"T-PH\"]}")
        .patch(PARTICIPANTS + "/" + id + "/policy")
        .then()
        .statusCode(428);
    admin().post(PARTICIPANTS + "/" + id + "/suspend").then().statusCode(428);
  }

  @Test
  void rejectsAWriteBasedOnAStaleVersion() {
    String id = createParticipant();
    admin()
        .contentType(ContentType.JSON)
        .header("If-Match", "\"1\"")
        .body(Api.policy())
        .put(PARTICIPANTS + "/" + id + "/policy")
        .then()
        .statusCode(200)
        .header("ETag", "\"2\"");
    admin()
        .contentType(ContentType.JSON)
        .header("If-Match", "\"1\"")
        .body(Api.policy())
        .put(PARTICIPANTS + "/" + id + "/policy")
        .then()
        .statusCode(412)
        .contentType(PROBLEM)
        .header("ETag", "\"2\"");
    admin()
        .header("If-Match", "W/\"2\"")
        .post(PARTICIPANTS + "/" + id + "/suspend")
        .then()
        .statusCode(412);
  }

  @Test
  void ofTwoConcurrentWritesOnTheSameVersionOneWinsAndOneGets412() throws Exception {
    String id = createParticipant();
    Callable<Integer> patch =
        () ->
            admin()
                .contentType("application/merge-patch+json")
                .header("If-Match", "\"1\"")
                .body("{\"purposes\":[\"T-PH\"]}")
                .patch(PARTICIPANTS + "/" + id + "/policy")
                .statusCode();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(List.of(patch, patch))) {
        statuses.add(f.get());
      }
      assertThat(statuses).containsExactlyInAnyOrder(200, 412);
    } finally {
      pool.shutdownNow();
    }
    assertThat(etagOf(id)).isEqualTo("\"2\"");
  }

  @Test
  void mergePatchChangesOnlyTheFieldsItNames() {
    String id = createParticipant();
    admin()
        .contentType("application/merge-patch+json")
        .header("If-Match", "\"1\"")
        .body("{\"purposes\":[\"T-PH\"],\"rateLimit\":{\"burst\":5}}")
        .patch(PARTICIPANTS + "/" + id + "/policy")
        .then()
        .statusCode(200)
        .header("ETag", "\"2\"")
        .body("purposes", contains("T-PH"))
        .body("rateLimit.perMinute", equalTo(120))
        .body("rateLimit.burst", equalTo(5))
        .body("signingAlgorithms", contains("RS384", "ES384"));
  }

  @Test
  void mergePatchMustLeaveAValidPolicy() {
    String id = createParticipant();
    admin()
        .contentType("application/merge-patch+json")
        .header("If-Match", "\"1\"")
        .body("{\"signingAlgorithms\":null,\"scopeCieling\":[\"system/*.*\"]}")
        .patch(PARTICIPANTS + "/" + id + "/policy")
        .then()
        .statusCode(400)
        .body("errors.field", containsInAnyOrder("scopeCieling", "signingAlgorithms"));
    admin()
        .contentType("application/merge-patch+json")
        .header("If-Match", "\"1\"")
        .body("{\"scopeCeiling\":[\"patient/Observation.rs\",\"user/Foo.rs\"]}")
        .patch(PARTICIPANTS + "/" + id + "/policy")
        .then()
        .statusCode(400)
        .body("errors.field", contains("scopeCeiling[1]"));
    admin().get(PARTICIPANTS + "/" + id).then().header("ETag", "\"1\"");
  }

  @Test
  void historyKeepsWhoWhenWhyAndTheDiffAndOldVersionsReadBack() {
    String id = createParticipant();
    admin()
        .contentType("application/merge-patch+json")
        .header("If-Match", "\"1\"")
        .header("Change-Reason", "public health reporting only")
        .body("{\"purposes\":[\"T-PH\"]}")
        .patch(PARTICIPANTS + "/" + id + "/policy")
        .then()
        .statusCode(200);

    auditor()
        .get(PARTICIPANTS + "/" + id + "/history")
        .then()
        .statusCode(200)
        .body("total", equalTo(2))
        .body("items[0].version", equalTo(2))
        .body("items[0].change", equalTo("POLICY_CHANGED"))
        .body("items[0].changedBy", equalTo("alice-admin"))
        .body("items[0].changedAt", notNullValue())
        .body("items[0].reason", equalTo("public health reporting only"))
        .body("items[0].diff.path", hasItem("policy.purposes"))
        .body("items[0].diff.find { it.path == 'policy.purposes' }.to", contains("T-PH"))
        .body("items[1].version", equalTo(1))
        .body("items[1].change", equalTo("CREATED"));

    auditor()
        .get(PARTICIPANTS + "/" + id + "/versions/1")
        .then()
        .statusCode(200)
        .header("ETag", "\"1\"")
        .body("policy.purposes", contains("T-TRTMNT", "T-PH"));
    auditor().get(PARTICIPANTS + "/" + id + "/versions/9").then().statusCode(404);
    auditor().get(PARTICIPANTS + "/" + id + "/versions/latest").then().statusCode(400);
  }

  @Test
  void suspendsAndReactivatesAndRevocationIsFinal() {
    String id = createParticipant();
    admin()
        .header("If-Match", "\"1\"")
        .post(PARTICIPANTS + "/" + id + "/suspend")
        .then()
        .statusCode(200)
        .body("status", equalTo("SUSPENDED"))
        .header("ETag", "\"2\"");
    admin()
        .header("If-Match", "\"2\"")
        .post(PARTICIPANTS + "/" + id + "/suspend")
        .then()
        .statusCode(409);
    admin()
        .header("If-Match", "\"2\"")
        .post(PARTICIPANTS + "/" + id + "/reactivate")
        .then()
        .statusCode(200)
        .body("status", equalTo("ACTIVE"));
    admin()
        .header("If-Match", "\"3\"")
        .post(PARTICIPANTS + "/" + id + "/revoke")
        .then()
        .statusCode(200);
    admin()
        .header("If-Match", "\"4\"")
        .post(PARTICIPANTS + "/" + id + "/reactivate")
        .then()
        .statusCode(409)
        .contentType(PROBLEM);
    admin()
        .contentType(ContentType.JSON)
        .header("If-Match", "*")
        .body(Api.policy())
        .put(PARTICIPANTS + "/" + id + "/policy")
        .then()
        .statusCode(409);
  }

  @Test
  void listsParticipantsInPagesAndValidatesPaging() {
    createParticipant();
    admin()
        .queryParam("size", 1)
        .get(PARTICIPANTS)
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("size", equalTo(1))
        .body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(2));
    admin()
        .queryParam("size", 0)
        .get(PARTICIPANTS)
        .then()
        .statusCode(400)
        .body("errors.field", contains("size"));
    admin()
        .queryParam("page", "two")
        .get(PARTICIPANTS)
        .then()
        .statusCode(400)
        .body("errors.field", contains("page"));
  }

  @Test
  void answersProblemJsonForAnUnknownParticipant() {
    admin()
        .get(PARTICIPANTS + "/" + uid("ghost"))
        .then()
        .statusCode(404)
        .contentType(PROBLEM)
        .body("title", equalTo("Not found"));
    admin()
        .header("If-Match", "\"1\"")
        .post(PARTICIPANTS + "/" + uid("ghost") + "/suspend")
        .then()
        .statusCode(404);
  }

  @Test
  void replacingTheRegistrationCannotSmuggleInAPolicy() {
    String id = createParticipant();
    Map<String, Object> body = participant(id, "q");
    admin()
        .contentType(ContentType.JSON)
        .header("If-Match", "\"1\"")
        .body(body)
        .put(PARTICIPANTS + "/" + id)
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("policy"));
  }

  @Test
  void replacingTheRegistrationMovesItsIdentifiers() {
    String id = createParticipant();
    String q = admin().get(PARTICIPANTS + "/" + id).path("qhinId");
    Map<String, Object> body = participant(id, q);
    body.remove("policy");
    body.put("audiences", new ArrayList<>(List.of("https://fhir2." + id + ".test")));
    admin()
        .contentType(ContentType.JSON)
        .header("If-Match", "\"1\"")
        .body(body)
        .put(PARTICIPANTS + "/" + id)
        .then()
        .statusCode(200)
        .body("audiences", contains("https://fhir2." + id + ".test"))
        .body("policy.purposes", not(hasSize(0)));
    reader()
        .queryParam("aud", "https://fhir." + id + ".test")
        .get("/v1/snapshots/audiences")
        .then()
        .statusCode(404);
    reader()
        .queryParam("aud", "https://fhir2." + id + ".test")
        .get("/v1/snapshots/audiences")
        .then()
        .statusCode(200)
        .body("version", equalTo(2));
  }
}
