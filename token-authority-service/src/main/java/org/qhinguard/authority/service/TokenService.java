package org.qhinguard.authority.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.qhinguard.authority.config.AuthorityConfig;
import org.qhinguard.authority.domain.AuthorityException;
import org.qhinguard.authority.domain.Decision;
import org.qhinguard.authority.domain.DecisionRequest;
import org.qhinguard.authority.domain.PolicyUnavailableException;
import org.qhinguard.authority.domain.PolicyView;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.Outcome;
import org.qhinguard.common.policy.ExchangePurpose;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.common.smart.ClinicalScope;
import org.qhinguard.common.smart.ScopeContext;
import org.qhinguard.common.smart.Scopes;
import org.qhinguard.common.smart.SmartScope;

/**
 * {@code client_credentials} issuance. The suite's own clients get internal tokens carrying their
 * roles; a partner client (SMART Backend Services) gets an RFC 9068 access token for one RFC 8707
 * resource, with the scopes policy-service granted.
 */
@ApplicationScoped
public class TokenService {

  public static final String PATH = "/oauth2/token";

  private final ClientAuthenticator authenticator;
  private final PolicyView policy;
  private final SigningKeys keys;
  private final AuditTrail audit;
  private final AuthorityConfig config;

  public TokenService(
      ClientAuthenticator authenticator,
      PolicyView policy,
      SigningKeys keys,
      AuditTrail audit,
      AuthorityConfig config) {
    this.authenticator = authenticator;
    this.policy = policy;
    this.keys = keys;
    this.audit = audit;
    this.config = config;
  }

  public Map<String, Object> issue(String authorization, Map<String, String> form) {
    String grantType = form.get("grant_type");
    AuditEventData.Builder denied =
        AuditTrail.event(AuditAction.TOKEN_ISSUANCE, Outcome.DENIED)
            .requestedScopes(form.get("scope"))
            .purposeOfUse(form.get("purpose_of_use"));
    AuthenticatedClient client = null;
    try {
      if (grantType == null) {
        throw AuthorityException.invalidRequest("grant_type is required");
      }
      if (!"client_credentials".equals(grantType)) {
        throw AuthorityException.unsupportedGrantType("only client_credentials is supported");
      }
      client = authenticator.authenticate(authorization, form, PATH);
      denied.caller(client.clientId()).clientId(client.clientId());
      return client.isInternal() ? internal(client) : partner(client, form);
    } catch (AuthorityException e) {
      if (client != null && client.participant() != null) {
        denied.participantId(client.participant().participantId());
      }
      audit.record(denied.reason(e.getMessage()).build());
      throw e;
    } catch (PolicyUnavailableException e) {
      audit.record(denied.reason("policy-service unreachable").build());
      throw AuthorityException.unavailable("policy-service unreachable; try again later");
    }
  }

  private Map<String, Object> internal(AuthenticatedClient client) {
    long lifetime = config.tokens().internalLifetime().toSeconds();
    JwtClaims claims = baseClaims(client.clientId(), lifetime);
    claims.setStringListClaim("groups", client.roles());
    String token = keys.sign(claims, "JWT");
    audit.record(
        AuditTrail.event(AuditAction.TOKEN_ISSUANCE, Outcome.SUCCESS)
            .caller(client.clientId())
            .clientId(client.clientId())
            .details(Map.of("jti", claims.getClaimValueAsString("jti"), "kind", "internal"))
            .build());
    return response(token, lifetime, null);
  }

  private Map<String, Object> partner(AuthenticatedClient client, Map<String, String> form) {
    ParticipantSnapshot participant = client.participant();
    if (client.registration().grantTypes() == null
        || !client.registration().grantTypes().contains("client_credentials")) {
      throw AuthorityException.unauthorizedClient(
          "client_credentials is not registered for this client");
    }
    if (participant.policy() == null || participant.policy().requireDpop()) {
      throw AuthorityException.unauthorizedClient(
          "the participant's policy requires DPoP-bound tokens, which are not issued here");
    }
    String resource = form.get("resource");
    if (resource == null || resource.isBlank()) {
      throw AuthorityException.invalidTarget("resource is required (RFC 8707)");
    }
    ParticipantSnapshot owner =
        policy
            .byAudience(resource)
            .orElseThrow(
                () -> AuthorityException.invalidTarget("resource is not a registered audience"));
    if (!owner.active() || owner.audiences() == null || !owner.audiences().contains(resource)) {
      throw AuthorityException.invalidTarget("resource belongs to no active participant");
    }
    String scope = form.get("scope");
    if (scope == null || scope.isBlank()) {
      throw AuthorityException.invalidScope("scope is required");
    }
    String purpose = form.get("purpose_of_use");
    if (purpose != null
        && (ExchangePurpose.fromCode(purpose).isEmpty()
            || participant.policy() == null
            || participant.policy().purposes() == null
            || !participant.policy().purposes().contains(purpose))) {
      throw AuthorityException.invalidRequest("purpose_of_use " + purpose + " is not allowed");
    }
    String patient = form.get("patient");
    List<String> kept = new ArrayList<>();
    for (SmartScope s : Scopes.parse(scope).scopes()) {
      boolean patientScope = s instanceof ClinicalScope c && c.context() == ScopeContext.PATIENT;
      if (!patientScope || patient != null) {
        kept.add(s.canonical());
      }
    }
    Decision decision =
        policy.decide(
            new DecisionRequest(
                participant.participantId(),
                null,
                client.clientId(),
                kept.isEmpty() ? scope : String.join(" ", kept),
                purpose,
                null,
                null));
    if (!decision.deniedScopes().isEmpty()) {
      // Asking beyond the ceiling is worth a security team's look even when the rest is granted.
      audit.record(
          AuditTrail.event(AuditAction.SCOPE_ESCALATION, Outcome.DENIED)
              .caller(client.clientId())
              .clientId(client.clientId())
              .participantId(participant.participantId())
              .purposeOfUse(purpose)
              .requestedScopes(scope)
              .grantedScopes(decision.grantedScopes())
              .reason("token request beyond the policy: " + decision.deniedScopes())
              .build());
    }
    if (kept.isEmpty() || !decision.permitted()) {
      throw AuthorityException.invalidScope(
          "no requested scope can be granted"
              + (patient == null ? " (patient/ scopes need a patient)" : "")
              + " "
              + decision.deniedScopes());
    }
    long lifetime = config.tokens().partnerLifetime().toSeconds();
    if (participant.policy() != null && participant.policy().maxTokenLifetimeSeconds() > 0) {
      lifetime = Math.min(lifetime, participant.policy().maxTokenLifetimeSeconds());
    }
    JwtClaims claims = baseClaims(client.clientId(), lifetime);
    claims.setAudience(resource);
    claims.setClaim("scope", decision.grantedScopes());
    claims.setClaim("participant_id", participant.participantId());
    if (purpose != null) {
      claims.setClaim("purpose_of_use", purpose);
    }
    if (patient != null) {
      claims.setClaim("patient", patient);
    }
    String token = keys.sign(claims, "at+jwt");
    audit.record(
        AuditTrail.event(AuditAction.TOKEN_ISSUANCE, Outcome.SUCCESS)
            .caller(client.clientId())
            .clientId(client.clientId())
            .participantId(participant.participantId())
            .purposeOfUse(purpose)
            .requestedScopes(scope)
            .grantedScopes(decision.grantedScopes())
            .patientIds(patient == null ? null : List.of(patient))
            .details(
                Map.of(
                    "jti", claims.getClaimValueAsString("jti"),
                    "aud", resource,
                    "denied", decision.deniedScopes().toString()))
            .build());
    return response(token, lifetime, decision.grantedScopes());
  }

  private JwtClaims baseClaims(String clientId, long lifetimeSeconds) {
    long now = Instant.now().getEpochSecond();
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(config.issuerValue());
    claims.setSubject(clientId);
    claims.setClaim("client_id", clientId);
    claims.setIssuedAt(NumericDate.fromSeconds(now));
    claims.setNotBefore(NumericDate.fromSeconds(now));
    claims.setExpirationTime(NumericDate.fromSeconds(now + lifetimeSeconds));
    claims.setJwtId(UUID.randomUUID().toString());
    return claims;
  }

  private static Map<String, Object> response(String token, long expiresIn, String scope) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", token);
    body.put("token_type", "Bearer");
    body.put("expires_in", expiresIn);
    if (scope != null) {
      body.put("scope", scope);
    }
    return body;
  }
}
