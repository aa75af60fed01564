package org.qhinguard.audit.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import com.rabbitmq.client.GetResponse;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qhinguard.audit.Events;
import org.qhinguard.audit.TestBus;
import org.qhinguard.common.events.AnomalyData;
import org.qhinguard.common.events.Bus;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;
import org.qhinguard.common.events.EventType;
import org.qhinguard.testing.TestTokens;

@QuarkusTest
class AnomalyApiTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String PARTICIPANT = Events.unique("p-scrape");
  private static final String SCRAPER = "c-scraper";
  private static final List<GetResponse> PUBLISHED = new ArrayList<>();
  private static boolean scraped;

  private final String auditor = TestTokens.bearer("sec", "audit-reader");

  /**
   * An hour of 5 patients a minute, then a minute of 40 (event times two hours ago: windows are
   * keyed by event time, so nothing waits for real minutes). The anomaly events the service
   * publishes are collected from a probe queue bound before the scrape.
   */
  @BeforeEach
  void scrapeOnce() throws Exception {
    synchronized (PUBLISHED) {
      if (scraped) {
        return;
      }
      Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
      List<CloudEvent<?>> events = new ArrayList<>();
      int patient = 0;
      for (int minute = 0; minute < 60; minute++) {
        for (int i = 0; i < 5; i++) {
          Instant t = start.plusSeconds(minute * 60L + i * 10L);
          events.add(Events.fhirAccess(PARTICIPANT, SCRAPER, "pat-" + patient++, t));
        }
      }
      for (int i = 0; i < 40; i++) {
        Instant t = start.plusSeconds(3600 + i);
        events.add(Events.fhirAccess(PARTICIPANT, SCRAPER, "pat-" + patient++, t));
      }
      try (TestBus bus = new TestBus()) {
        String probe = bus.probe(EventType.ANOMALY_RAISED.type());
        bus.publishAll(events);
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () -> {
                  for (GetResponse r : bus.drain(probe)) {
                    if (new String(r.getBody()).contains(PARTICIPANT)) {
                      PUBLISHED.add(r);
                    }
                  }
                  assertThat(PUBLISHED).hasSize(3);
                });
      }
      scraped = true;
    }
  }

  @Test
  void aScrapeIsRaisedWithItsBaselineObservedValueScoreAndExplanation() {
    given()
        .auth()
        .oauth2(auditor)
        .queryParam("participant", PARTICIPANT)
        .get("/v1/anomalies")
        .then()
        .statusCode(200)
        .body("items", hasSize(3))
        .body("items.metric", hasItem("DISTINCT_PATIENTS"))
        .body("items.clientId", everyItem(equalTo(SCRAPER)))
        .body("items.resourceType", everyItem(equalTo("Observation")))
        .body("items.find { it.metric == 'DISTINCT_PATIENTS' }.baseline", equalTo(5.0f))
        .body("items.find { it.metric == 'DISTINCT_PATIENTS' }.observed", equalTo(20.0f))
        .body("items.find { it.metric == 'DISTINCT_PATIENTS' }.explanation", notNullValue())
        .body("items.published", everyItem(equalTo(true)));
  }

  @Test
  void eachAnomalyIsPublishedOnTheBusAsACloudEvent() throws Exception {
    EventCodec codec = new EventCodec();
    for (GetResponse r : PUBLISHED) {
      assertThat(r.getProps().getContentType()).isEqualTo(Bus.CONTENT_TYPE);
      assertThat(r.getEnvelope().getRoutingKey()).isEqualTo(EventType.ANOMALY_RAISED.type());
      CloudEvent<?> event = codec.decode(r.getBody());
      AnomalyData data = (AnomalyData) event.data();
      assertThat(event.id()).isEqualTo(data.anomalyId());
      assertThat(data.participantId()).isEqualTo(PARTICIPANT);
      assertThat(data.clientId()).isEqualTo(SCRAPER);
      assertThat(data.score()).isGreaterThanOrEqualTo(6.0);
    }
  }

  @Test
  void thePublishedAnomaliesReturnToTheTrailAsAuditRecords() {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                given()
                    .auth()
                    .oauth2(auditor)
                    .queryParam("participant", PARTICIPANT)
                    .queryParam("action", "ANOMALY")
                    .get("/v1/audit/events")
                    .then()
                    .statusCode(200)
                    .body("items", hasSize(3))
                    .body("items.source", everyItem(equalTo("audit-service"))));
  }

  @Test
  void pagesThroughAnomaliesWithTheCursor() {
    var first =
        given()
            .auth()
            .oauth2(auditor)
            .queryParam("participant", PARTICIPANT)
            .queryParam("limit", 2)
            .get("/v1/anomalies")
            .then()
            .statusCode(200)
            .body("items", hasSize(2))
            .extract()
            .jsonPath();
    given()
        .auth()
        .oauth2(auditor)
        .queryParam("participant", PARTICIPANT)
        .queryParam("limit", 2)
        .queryParam("cursor", first.getString("nextCursor"))
        .get("/v1/anomalies")
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("nextCursor", equalTo(null));
  }

  @Test
  void rejectsACursorItDidNotIssue() {
    given()
        .auth()
        .oauth2(auditor)
        .queryParam("cursor", "bm9wZQ")
        .get("/v1/anomalies")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", equalTo("cursor is not one this API returned"));
  }

  @Test
  void anomaliesAreForAuditReadersOnly() {
    given().get("/v1/anomalies").then().statusCode(401);
    given()
        .auth()
        .oauth2(TestTokens.bearer("admin", "policy-auditor"))
        .get("/v1/anomalies")
        .then()
        .statusCode(403);
  }
}
