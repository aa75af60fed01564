package org.qhinguard.policy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qhinguard.common.policy.ParticipantKind;
import org.qhinguard.common.policy.ParticipantSnapshot.RateLimit;
import org.qhinguard.common.policy.ParticipantSnapshot.TokenIssuer;
import org.qhinguard.common.policy.ParticipantSnapshot.TrustPolicy;
import org.qhinguard.common.policy.ParticipantStatus;
import org.qhinguard.policy.domain.PolicyException.FieldError;
import org.qhinguard.policy.domain.Registration.ClientRegistration;

class RulesTest {

  static TrustPolicy policy(List<String> ceiling, List<String> purposes, List<String> algs) {
    return new TrustPolicy(
        ceiling,
        purposes,
        Map.of("Observation", List.of("read")),
        algs,
        300,
        true,
        true,
        new RateLimit(60, 10),
        Map.of("Observation", Map.of("T-PYMNT", List.of("code"))));
  }

  @Test
  void acceptsAWellFormedPolicy() {
    assertThat(
            PolicyRules.check(
                policy(
                    List.of("patient/Observation.rs", "openid"),
                    List.of("T-TRTMNT"),
                    List.of("ES384")),
                ""))
        .isEmpty();
  }

  @Test
  void namesEveryBadEntryOfAPolicy() {
    List<FieldError> errors =
        PolicyRules.check(
            policy(
                List.of("patient/Observation.rs", "patient/Foo.rs", "patient/Observation.read"),
                List.of("T-TRTMNT", "T-SPAM"),
                List.of("HS256", "none")),
            "policy.");
    assertThat(errors)
        .extracting(FieldError::field)
        .containsExactly(
            "policy.scopeCeiling[1]",
            "policy.scopeCeiling[2]",
            "policy.purposes[1]",
            "policy.signingAlgorithms[0]",
            "policy.signingAlgorithms[1]");
  }

  @Test
  void refusesABurstAboveTheSustainedRate() {
    TrustPolicy p =
        new TrustPolicy(
            List.of(),
            List.of(),
            Map.of(),
            List.of("RS384"),
            300,
            false,
            true,
            new RateLimit(10, 11),
            Map.of());
    assertThat(PolicyRules.check(p, ""))
        .extracting(FieldError::field)
        .containsExactly("rateLimit.burst");
  }

  @Test
  void theDefaultPolicyAllowsNothingAndIsValid() {
    TrustPolicy p = PolicyRules.denyAll();
    assertThat(p.scopeCeiling()).isEmpty();
    assertThat(p.purposes()).isEmpty();
    assertThat(PolicyRules.check(p, "")).isEmpty();
  }

  static ClientRegistration client(String jwks, String jwksUri, String method, String secret) {
    return new ClientRegistration(
        "c-1", jwks, jwksUri, List.of("client_credentials"), List.of(method), secret, List.of());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          public RSA key ; '{"keys":[{"kty":"RSA","n":"abc","e":"AQAB"}]}' ;  ; private_key_jwt ; ; ''
          private RSA key ; '{"keys":[{"kty":"RSA","n":"abc","e":"AQAB","d":"secret"}]}' ;  ; private_key_jwt ; ; clients[0].jwks
          symmetric key ; '{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}' ;  ; private_key_jwt ; ; clients[0].jwks
          not a JWK Set ; '{"kty":"RSA"}' ;  ; private_key_jwt ; ; clients[0].jwks
          not JSON ; 'keys' ;  ; private_key_jwt ; ; clients[0].jwks
          http JWKS URI ;  ; http://keys.example/jwks ; private_key_jwt ; ; clients[0].jwksUri
          https JWKS URI ;  ; https://keys.example/jwks ; private_key_jwt ; ; ''
          no keys ;  ;  ; private_key_jwt ; ; clients[0]
          both keys ; '{"keys":[{"kty":"RSA"}]}' ; https://keys.example/jwks ; private_key_jwt ; ; clients[0]
          secret missing ;  ;  ; client_secret_basic ; ; clients[0].clientSecret
          secret given ;  ;  ; client_secret_basic ; a-long-enough-secret ; ''
          secret without basic ;  ; https://keys.example/jwks ; private_key_jwt ; a-long-enough-secret ; clients[0].clientSecret
          unknown method ;  ;  ; client_secret_jwt ; ; clients[0].authMethods
          """)
  void checksTheKeysAndSecretsOfAClient(
      String name, String jwks, String jwksUri, String method, String secret, String field) {
    Registration r =
        new Registration(
            "Clinic",
            ParticipantKind.PARTICIPANT,
            "q",
            List.of(),
            List.of(),
            List.of(client(jwks, jwksUri, method, secret)));
    List<FieldError> errors = RegistrationRules.check(r, id -> false);
    if (field.isEmpty()) {
      assertThat(errors).isEmpty();
    } else {
      assertThat(errors).extracting(FieldError::field).containsExactly(field);
    }
  }

  @Test
  void refusesTheSameIssuerAudienceOrClientTwice() {
    TokenIssuer i = new TokenIssuer("https://idp", "https://idp/jwks", null);
    ClientRegistration c = client(null, "https://k/jwks", "private_key_jwt", null);
    Registration r =
        new Registration(
            "Clinic",
            ParticipantKind.PARTICIPANT,
            "q",
            List.of(i, i),
            List.of("a", "a"),
            List.of(c, c));
    assertThat(RegistrationRules.check(r, id -> false))
        .extracting(FieldError::field)
        .containsExactly("issuers[1].issuer", "audiences[1]", "clients[1].clientId");
  }

  @ParameterizedTest(name = "{0} from {1}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          SUSPEND ; ACTIVE ; SUSPENDED
          SUSPEND ; SUSPENDED ;
          SUSPEND ; REVOKED ;
          REACTIVATE ; SUSPENDED ; ACTIVE
          REACTIVATE ; ACTIVE ;
          REACTIVATE ; REVOKED ;
          REVOKE ; ACTIVE ; REVOKED
          REVOKE ; SUSPENDED ; REVOKED
          REVOKE ; REVOKED ;
          """)
  void allowsOnlyTheStatusTransitionsThatMakeSense(
      StatusAction action, ParticipantStatus from, ParticipantStatus to) {
    assertThat(action.apply(from).orElse(null)).isEqualTo(to);
  }
}
