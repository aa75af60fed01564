package org.qhinguard.audit.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qhinguard.audit.Events;
import org.qhinguard.audit.TestBus;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.Outcome;
import org.qhinguard.testing.TestTokens;

@QuarkusTest
class AuditQueryTest {
  private static final String PARTICIPANT = Events.unique("p-query");
  private static final Instant T0 =
      Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
  private static final List<String> IDS = new ArrayList<>();

  private final String auditor = TestTokens.bearer("sec", "audit-reader");

  @BeforeEach
  void seedOnce() throws Exception {
    synchronized (IDS) {
      if (!IDS.isEmpty()) {
        return;
      }
      List<CloudEvent<?>> events =
          List.of(
              Events.fhirAccess(
                  PARTICIPANT, "c-a", "Observation", "search", Outcome.SUCCESS, "pat-1", 4, T0),
              Events.fhirAccess(
                  PARTICIPANT,
                  "c-a",
                  "Patient",
                  "read",
                  Outcome.SUCCESS,
                  "pat-2",
                  1,
                  T0.plusSeconds(60)),
              Events.fhirAccess(
                  PARTICIPANT,
                  "c-b",
                  "Observation",
                  "search",
                  Outcome.DENIED,
                  "pat-1",
                  0,
                  T0.plusSeconds(120)),
              Events.introspection(PARTICIPANT, "c-b"));
      try (TestBus bus = new TestBus()) {
        bus.publishAll(events);
      }
      events.forEach(e -> IDS.add(e.id()));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  search()
                      .get("/v1/audit/events")
                      .then()
                      .statusCode(200)
                      .body("items", hasSize(4)));
    }
  }

  @Test
  void filtersByClientResourceTypeInteractionAndOutcome() {
    search()
        .queryParam("client", "c-a")
        .get("/v1/audit/events")
        .then()
        .statusCode(200)
        .body("items.id", containsInAnyOrder(IDS.get(0), IDS.get(1)));
    search()
        .queryParam("resourceType", "Observation")
        .queryParam("interaction", "search")
        .queryParam("outcome", "denied")
        .get("/v1/audit/events")
        .then()
        .statusCode(200)
        .body("items.id", containsInAnyOrder(IDS.get(2)));
    search()
        .queryParam("action", "TOKEN_INTROSPECTION")
        .get("/v1/audit/events")
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].id", equalTo(IDS.get(3)))
        .body("items[0].data.reason", equalTo("token audience is another server"));
  }

  @Test
  void filtersByPatientAndByEventTimeRange() {
    search()
        .queryParam("patient", "pat-1")
        .get("/v1/audit/events")
        .then()
        .statusCode(200)
        .body("items.id", containsInAnyOrder(IDS.get(0), IDS.get(2)));
    search()
        .queryParam("from", T0.plusSeconds(30).toString())
        .queryParam("to", T0.plusSeconds(150).toString())
        .get("/v1/audit/events")
        .then()
        .statusCode(200)
        .body("items.id", containsInAnyOrder(IDS.get(1), IDS.get(2)));
  }

  @Test
  void pagesThroughEveryRecordOnceWithTheCursor() {
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      RequestSpecification req = search().queryParam("limit", 1);
      if (cursor != null) {
        req.queryParam("cursor", cursor);
      }
      var page = req.get("/v1/audit/events").then().statusCode(200).extract().jsonPath();
      assertThat(page.getList("items")).hasSize(1);
      seen.add(page.getString("items[0].id"));
      cursor = page.getString("nextCursor");
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(pages).isEqualTo(4);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(IDS);
  }

  @Test
  void answersAFhirSearchsetOfBalpAuditEventsWhenAskedForFhirJson() {
    String body =
        search()
            .accept("application/fhir+json")
            .queryParam("client", "c-a")
            .queryParam("resourceType", "Observation")
            .get("/v1/audit/events")
            .then()
            .statusCode(200)
            .contentType("application/fhir+json")
            .extract()
            .asString();
    Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, body);
    assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
    assertThat(bundle.getEntry()).hasSize(1);
    AuditEvent ev = (AuditEvent) bundle.getEntryFirstRep().getResource();
    assertThat(bundle.getEntryFirstRep().getFullUrl()).isEqualTo("urn:uuid:" + IDS.get(0));
    assertThat(body).contains("\"id\":\"" + IDS.get(0) + "\"");
    assertThat(ev.getMeta().getProfile().get(0).getValue()).endsWith("IHE.BasicAudit.Query");
    assertThat(ev.getType().getCode()).isEqualTo("rest");
    assertThat(ev.getSubtypeFirstRep().getCode()).isEqualTo("search-type");
    assertThat(ev.getAction()).isEqualTo(AuditEvent.AuditEventAction.E);
    assertThat(ev.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
    assertThat(ev.getAgent())
        .anySatisfy(
            a -> {
              assertThat(a.getRequestor()).isTrue();
              assertThat(a.getWho().getIdentifier().getValue()).isEqualTo("c-a");
            });
    assertThat(ev.getEntity())
        .anySatisfy(e -> assertThat(e.getWhat().getReference()).isEqualTo("Patient/pat-1"));
    assertThat(ev.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("T-TRTMNT");
  }

  @Test
  void aDeniedAccessIsAMinorFailureWithItsReasonInFhir() {
    String body =
        search()
            .accept("application/fhir+json")
            .queryParam("outcome", "DENIED")
            .queryParam("resourceType", "Observation")
            .get("/v1/audit/events")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, body);
    AuditEvent ev = (AuditEvent) bundle.getEntryFirstRep().getResource();
    assertThat(ev.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
    assertThat(ev.getOutcomeDesc()).isEqualTo("scope beyond the ceiling");
  }

  @Test
  void theFhirBundleLinksToTheNextPage() {
    String body =
        search()
            .accept("application/fhir+json")
            .queryParam("limit", 2)
            .get("/v1/audit/events")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, body);
    assertThat(bundle.getEntry()).hasSize(2);
    assertThat(bundle.getLink("next").getUrl()).contains("cursor=").contains("limit=2");
  }

  @Test
  void rejectsAnUnknownOutcomeWithAProblemDocument() {
    search()
        .queryParam("outcome", "MAYBE")
        .get("/v1/audit/events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("title", equalTo("Bad request"))
        .body("detail", containsString("outcome must be one of"));
  }

  @Test
  void rejectsAMalformedTimeAndAnInvertedRange() {
    search()
        .queryParam("from", "yesterday")
        .get("/v1/audit/events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("from must be an RFC 3339 date-time"));
    search()
        .queryParam("from", "2026-12-03T10:00:00Z")
        .queryParam("to", "2026-12-03T09:00:00Z")
        .get("/v1/audit/events")
        .then()
        .statusCode(400)
        .body("detail", equalTo("from must be before to"));
  }

  @Test
  void rejectsALimitOutOfRangeAndACursorItDidNotIssue() {
    search().queryParam("limit", 0).get("/v1/audit/events").then().statusCode(400);
    search()
        .queryParam("limit", "ten")
        .get("/v1/audit/events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    search()
        .queryParam("limit", 1001)
        .get("/v1/audit/events")
        .then()
        .statusCode(400)
        .body("detail", equalTo("limit must be between 1 and 1000"));
    search()
        .queryParam("cursor", "c2VxOmFiYw")
        .get("/v1/audit/events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", equalTo("cursor is not one this API returned"));
  }

  @Test
  void refusesCallersWithoutTheAuditReaderRole() {
    given().get("/v1/audit/events").then().statusCode(401);
    given()
        .auth()
        .oauth2(TestTokens.bearer("admin", "policy-admin"))
        .get("/v1/audit/events")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(TestTokens.bearerSignedByStranger("sec", "audit-reader"))
        .get("/v1/audit/events")
        .then()
        .statusCode(401);
  }

  @Test
  void aLastPageHasNoCursor() {
    search().get("/v1/audit/events").then().statusCode(200).body("nextCursor", nullValue());
  }

  private RequestSpecification search() {
    return given().auth().oauth2(auditor).queryParam("participant", PARTICIPANT);
  }
}
