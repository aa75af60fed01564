package org.qhinguard.policy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qhinguard.common.policy.ParticipantKind;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.common.policy.ParticipantSnapshot.RateLimit;
import org.qhinguard.common.policy.ParticipantSnapshot.RegisteredClient;
import org.qhinguard.common.policy.ParticipantSnapshot.TokenIssuer;
import org.qhinguard.common.policy.ParticipantSnapshot.TrustPolicy;
import org.qhinguard.common.policy.ParticipantStatus;
import org.qhinguard.policy.Api;

/** The migrations and the Panache mapping on the real PostgreSQL. */
@QuarkusTest
class ParticipantStoreTest {

  @Inject ParticipantStore store;

  static ParticipantSnapshot snapshot(String id, long version, String issuer) {
    return new ParticipantSnapshot(
        id,
        "Clinic",
        ParticipantKind.QHIN,
        id,
        ParticipantStatus.ACTIVE,
        version,
        List.of(new TokenIssuer(issuer, null, "{\"keys\":[{\"kty\":\"EC\"}]}")),
        List.of("https://fhir/" + id),
        List.of(
            new RegisteredClient(
                id + "-c",
                null,
                "https://k/jwks",
                List.of("client_credentials"),
                List.of("private_key_jwt"),
                null,
                List.of("policy-reader"))),
        new TrustPolicy(
            List.of("system/Patient.r"),
            List.of("T-PH"),
            Map.of("Patient", List.of("read")),
            List.of("ES384"),
            300,
            true,
            true,
            new RateLimit(10, 5),
            Map.of("Patient", Map.of("T-PH", List.of("birthDate")))));
  }

  @Test
  void participantRoundTripsThroughPostgres() {
    String id = Api.uid("rt");
    ParticipantSnapshot written = snapshot(id, 1, "https://idp/" + id);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    QuarkusTransaction.requiringNew().run(() -> store.insert(written, now));

    ParticipantSnapshot read =
        QuarkusTransaction.requiringNew().call(() -> store.snapshot(id).orElseThrow());
    assertThat(read).isEqualTo(written);
    ParticipantEntity row =
        QuarkusTransaction.requiringNew().call(() -> store.find(id).orElseThrow());
    assertThat(row.kind).isEqualTo(ParticipantKind.QHIN);
    assertThat(row.status).isEqualTo(ParticipantStatus.ACTIVE);
    assertThat(row.createdAt).isEqualTo(now);
    assertThat(QuarkusTransaction.requiringNew().call(() -> store.byIssuer("https://idp/" + id)))
        .contains(written);
    assertThat(QuarkusTransaction.requiringNew().call(() -> store.byClient(id + "-c")))
        .contains(written);
    assertThat(QuarkusTransaction.requiringNew().call(() -> store.byAudience("https://fhir/" + id)))
        .contains(written);
  }

  @Test
  void updateMovesTheBindingsToTheNewIdentifiers() {
    String id = Api.uid("rt");
    QuarkusTransaction.requiringNew()
        .run(() -> store.insert(snapshot(id, 1, "https://old/" + id), Instant.now()));
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                store.update(
                    store.lock(id).orElseThrow(),
                    snapshot(id, 2, "https://new/" + id),
                    Instant.now()));

    assertThat(QuarkusTransaction.requiringNew().call(() -> store.byIssuer("https://old/" + id)))
        .isEmpty();
    assertThat(QuarkusTransaction.requiringNew().call(() -> store.byIssuer("https://new/" + id)))
        .hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(2));
  }

  @Test
  void theDatabaseRefusesAnIssuerOwnedByTwoParticipants() {
    String a = Api.uid("rt");
    String b = Api.uid("rt");
    String shared = "https://shared/" + a;
    QuarkusTransaction.requiringNew()
        .run(() -> store.insert(snapshot(a, 1, shared), Instant.now()));
    assertThatThrownBy(
            () ->
                QuarkusTransaction.requiringNew()
                    .run(() -> store.insert(snapshot(b, 1, shared), Instant.now())))
        .isInstanceOf(RuntimeException.class);
    assertThat(QuarkusTransaction.requiringNew().call(() -> store.find(b))).isEmpty();
  }
}
