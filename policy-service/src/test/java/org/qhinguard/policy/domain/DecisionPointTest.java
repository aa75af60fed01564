package org.qhinguard.policy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qhinguard.common.policy.ParticipantKind;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.common.policy.ParticipantSnapshot.RateLimit;
import org.qhinguard.common.policy.ParticipantSnapshot.RegisteredClient;
import org.qhinguard.common.policy.ParticipantSnapshot.TokenIssuer;
import org.qhinguard.common.policy.ParticipantSnapshot.TrustPolicy;
import org.qhinguard.common.policy.ParticipantStatus;
import org.qhinguard.policy.domain.Decision.DeniedScope;
import org.qhinguard.policy.domain.Decision.Verdict;

class DecisionPointTest {

  static ParticipantSnapshot participant(ParticipantStatus status) {
    TrustPolicy policy =
        new TrustPolicy(
            List.of(
                "patient/Observation.rs?category=laboratory",
                "patient/Condition.rs",
                "openid",
                "fhirUser",
                "offline_access"),
            List.of("T-TRTMNT", "T-IAS"),
            Map.of("Observation", List.of("read", "search"), "Condition", List.of("read")),
            List.of("RS384"),
            300,
            false,
            true,
            new RateLimit(60, 10),
            Map.of());
    return new ParticipantSnapshot(
        "p-1",
        "Clinic",
        ParticipantKind.PARTICIPANT,
        "q-1",
        status,
        7,
        List.of(
            new TokenIssuer("https://idp.clinic.example", "https://idp.clinic.example/jwks", null)),
        List.of("https://fhir.clinic.example"),
        List.of(
            new RegisteredClient(
                "backend",
                null,
                "https://b/jwks",
                List.of("client_credentials"),
                List.of("private_key_jwt"),
                null,
                List.of()),
            new RegisteredClient(
                "app",
                null,
                "https://a/jwks",
                List.of("authorization_code"),
                List.of("private_key_jwt"),
                null,
                List.of())),
        policy);
  }

  static final CompiledPolicy ACTIVE = CompiledPolicy.of(participant(ParticipantStatus.ACTIVE));

  static DecisionRequest ask(String client, String scopes, String purpose) {
    return new DecisionRequest("p-1", null, client, scopes, purpose, null, null);
  }

  @Test
  void permitsScopesWithinTheCeilingAndKeepsItsConstraints() {
    Decision d =
        DecisionPoint.decide(ACTIVE, ask("backend", "patient/Observation.read", "T-TRTMNT"));
    assertThat(d.decision()).isEqualTo(Verdict.PERMIT);
    assertThat(d.grantedScopes()).isEqualTo("patient/Observation.rs?category=laboratory");
    assertThat(d.policyVersion()).isEqualTo(7);
    assertThat(d.reasons()).isEmpty();
  }

  @Test
  void narrowsAndListsTheDeniedScopeWithItsReason() {
    Decision d =
        DecisionPoint.decide(
            ACTIVE, ask("backend", "patient/Condition.rs system/Patient.r", "T-TRTMNT"));
    assertThat(d.decision()).isEqualTo(Verdict.PERMIT);
    assertThat(d.grantedScopes()).isEqualTo("patient/Condition.rs");
    assertThat(d.deniedScopes())
        .containsExactly(
            new DeniedScope("system/Patient.r", "context system/ is beyond the ceiling"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          user/Observation.rs ; no requested scope is within the participant's ceiling
          system/*.rs ; no requested scope is within the participant's ceiling
          patient/Patient.rs ; no requested scope is within the participant's ceiling
          not-a-scope ; no requested scope is within the participant's ceiling
          '' ; no scopes requested
          """)
  void deniesWhenNothingRequestedFitsTheCeiling(String scopes, String reason) {
    Decision d = DecisionPoint.decide(ACTIVE, ask("backend", scopes, "T-TRTMNT"));
    assertThat(d.decision()).isEqualTo(Verdict.DENY);
    assertThat(d.grantedScopes()).isEmpty();
    assertThat(d.reasons()).containsExactly(reason);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          SUSPENDED ; participant is SUSPENDED
          REVOKED ; participant is REVOKED
          """)
  void deniesEverythingToASuspendedOrRevokedParticipant(ParticipantStatus status, String reason) {
    Decision d =
        DecisionPoint.decide(
            CompiledPolicy.of(participant(status)),
            ask("backend", "patient/Condition.rs", "T-TRTMNT"));
    assertThat(d.decision()).isEqualTo(Verdict.DENY);
    assertThat(d.grantedScopes()).isEmpty();
    assertThat(d.reasons()).containsExactly(reason);
  }

  @ParameterizedTest(name = "purpose {0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          T-PYMNT ; purpose of use T-PYMNT is not allowed for this participant
          T-MARKETING ; unknown purpose of use T-MARKETING
          '' ; no purpose of use asserted
          """)
  void deniesAPurposeThePolicyDoesNotAllow(String purpose, String reason) {
    Decision d = DecisionPoint.decide(ACTIVE, ask("backend", "patient/Condition.rs", purpose));
    assertThat(d.decision()).isEqualTo(Verdict.DENY);
    assertThat(d.reasons()).containsExactly(reason);
  }

  @Test
  void deniesAClientOfAnotherParticipant() {
    Decision d = DecisionPoint.decide(ACTIVE, ask("stranger", "patient/Condition.rs", "T-TRTMNT"));
    assertThat(d.decision()).isEqualTo(Verdict.DENY);
    assertThat(d.reasons()).containsExactly("client stranger is not registered to participant p-1");
  }

  @Test
  void deniesAnIssuerTheParticipantDoesNotOperate() {
    Decision d =
        DecisionPoint.decide(
            ACTIVE,
            new DecisionRequest(
                "p-1",
                "https://idp.other.example",
                "backend",
                "patient/Condition.rs",
                "T-TRTMNT",
                null,
                null));
    assertThat(d.decision()).isEqualTo(Verdict.DENY);
    assertThat(d.reasons())
        .containsExactly("issuer https://idp.other.example is not operated by participant p-1");
  }

  @Test
  void grantsIdentityScopesOnlyToAUserFacingClient() {
    Decision backend =
        DecisionPoint.decide(
            ACTIVE, ask("backend", "openid fhirUser patient/Condition.rs", "T-IAS"));
    assertThat(backend.grantedScopes()).isEqualTo("patient/Condition.rs");
    assertThat(backend.deniedScopes())
        .extracting(DeniedScope::scope)
        .containsExactly("openid", "fhirUser");

    Decision app =
        DecisionPoint.decide(ACTIVE, ask("app", "openid fhirUser patient/Condition.rs", "T-IAS"));
    assertThat(app.grantedScopes()).isEqualTo("openid fhirUser patient/Condition.rs");
  }

  @Test
  void grantsOfflineAccessOnlyWithTheRefreshTokenGrant() {
    Decision d =
        DecisionPoint.decide(ACTIVE, ask("app", "offline_access patient/Condition.rs", "T-IAS"));
    assertThat(d.deniedScopes()).extracting(DeniedScope::scope).containsExactly("offline_access");
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          Observation ; search ; PERMIT ;
          Observation ; read ; PERMIT ;
          Condition ; read ; PERMIT ;
          Condition ; search ; DENY ; interaction search on Condition is not allowed by the trust policy
          Observation ; create ; DENY ; interaction create on Observation is not allowed by the trust policy
          Patient ; read ; DENY ; interaction read on Patient is not allowed by the trust policy
          Foo ; read ; DENY ; unknown FHIR R4 resource type Foo
          Observation ; explode ; DENY ; unknown interaction explode
          """)
  void checksTheInteractionAgainstPolicyAndGrantedScopes(
      String type, String interaction, Verdict verdict, String reason) {
    Decision d =
        DecisionPoint.decide(
            ACTIVE,
            new DecisionRequest(
                "p-1",
                null,
                "backend",
                "patient/Observation.rs patient/Condition.rs",
                "T-TRTMNT",
                type,
                interaction));
    assertThat(d.decision()).isEqualTo(verdict);
    if (reason != null) {
      assertThat(d.reasons()).contains(reason);
      assertThat(d.grantedScopes()).isEmpty();
    }
  }

  @Test
  void deniesAnInteractionNoGrantedScopeAllows() {
    Decision d =
        DecisionPoint.decide(
            ACTIVE,
            new DecisionRequest(
                "p-1",
                null,
                "backend",
                "patient/Observation.r",
                "T-TRTMNT",
                "Observation",
                "search"));
    assertThat(d.decision()).isEqualTo(Verdict.DENY);
    assertThat(d.reasons()).containsExactly("no granted scope allows search on Observation");
  }
}
