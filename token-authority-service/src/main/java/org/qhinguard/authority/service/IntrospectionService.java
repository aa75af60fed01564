package org.qhinguard.authority.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.qhinguard.authority.config.AuthorityConfig;
import org.qhinguard.authority.domain.AuthorityException;
import org.qhinguard.authority.domain.Introspection;
import org.qhinguard.authority.domain.Introspection.Active;
import org.qhinguard.authority.domain.Introspection.Inactive;
import org.qhinguard.authority.domain.PolicyUnavailableException;
import org.qhinguard.authority.domain.PolicyView;
import org.qhinguard.authority.domain.TokenInspector;
import org.qhinguard.authority.store.IntrospectionCache;
import org.qhinguard.authority.store.RemoteKeySets;
import org.qhinguard.authority.store.RevocationStore;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.Outcome;
import org.qhinguard.common.policy.ParticipantSnapshot;

/**
 * RFC 7662 introspection: authenticate the resource server, answer from the short-lived cache when
 * the policy it was computed under still stands, otherwise inspect the token. Every exit is an
 * audit event.
 */
@ApplicationScoped
public class IntrospectionService {

  public static final String PATH = "/oauth2/introspect";
  private static final Map<String, Object> INACTIVE = Map.of("active", false);

  private final ClientAuthenticator authenticator;
  private final TokenInspector inspector;
  private final IntrospectionCache cache;
  private final PolicyView policy;
  private final AuditTrail audit;
  private final String ownIssuer;
  private final int maxTokenBytes;
  private final MeterRegistry metrics;

  public IntrospectionService(
      ClientAuthenticator authenticator,
      PolicyView policy,
      RemoteKeySets keys,
      RevocationStore revocations,
      SigningKeys signingKeys,
      IntrospectionCache cache,
      AuditTrail audit,
      AuthorityConfig config,
      MeterRegistry metrics) {
    this.authenticator = authenticator;
    this.policy = policy;
    this.cache = cache;
    this.audit = audit;
    this.metrics = metrics;
    this.ownIssuer = config.issuerValue();
    this.maxTokenBytes = config.maxTokenBytes();
    this.inspector =
        new TokenInspector(
            ownIssuer,
            signingKeys.ownKeys(),
            policy,
            keys,
            revocations::isRevoked,
            config.introspection().defaultAlgorithms(),
            config.clockSkew(),
            config.maxTokenBytes(),
            Clock.systemUTC());
  }

  public Map<String, Object> introspect(String authorization, Map<String, String> form) {
    AuthenticatedClient caller;
    try {
      caller = authenticator.authenticate(authorization, form, PATH);
    } catch (AuthorityException e) {
      audit.record(
          AuditTrail.event(AuditAction.TOKEN_INTROSPECTION, Outcome.DENIED)
              .reason("caller not authenticated: " + e.getMessage())
              .build());
      throw e;
    } catch (PolicyUnavailableException e) {
      throw AuthorityException.unavailable("policy-service unreachable");
    }
    if (caller.isInternal()) {
      throw AuthorityException.invalidClient(
          "introspection requires a registered client of a participant");
    }
    String token = form.get("token");
    TokenInspector.requireUsableToken(token, maxTokenBytes);
    String resource = form.get("resource");
    TokenInspector.Caller who = new TokenInspector.Caller(caller.clientId(), caller.participant());

    String key = cache.keyFor(caller.clientId(), resource, token);
    Optional<Active> hit = fromCache(key, caller.participant());
    Introspection result;
    if (hit.isPresent()) {
      result = hit.get();
    } else {
      result = inspector.inspect(token, who, resource);
      if (result instanceof Active a) {
        cache.put(
            key,
            new IntrospectionCache.Entry(
                a, caller.participant().participantId(), caller.participant().version()));
      }
    }
    record(result, caller, hit.isPresent());
    return result instanceof Active a ? body(a) : INACTIVE;
  }

  private Optional<Active> fromCache(String key, ParticipantSnapshot callerParticipant) {
    Optional<IntrospectionCache.Entry> entry = cache.get(key);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Active a = entry.get().active();
    if (entry.get().callerVersion() != callerParticipant.version()
        || a.exp() < Instant.now().getEpochSecond()) {
      return Optional.empty();
    }
    try {
      Optional<ParticipantSnapshot> now =
          ownIssuer.equals(a.issuer())
              ? policy.byClient(a.clientId())
              : policy.byIssuer(a.issuer());
      if (now.isEmpty() || now.get().version() != a.participantVersion() || !now.get().active()) {
        return Optional.empty();
      }
    } catch (PolicyUnavailableException e) {
      return Optional.empty(); // the full inspection then fails closed
    }
    return Optional.of(a);
  }

  private void record(Introspection result, AuthenticatedClient caller, boolean cached) {
    if (result instanceof Active a) {
      metrics
          .counter("qg.authority.introspections", "active", "true", "cached", "" + cached)
          .increment();
      audit.record(
          AuditTrail.event(AuditAction.TOKEN_INTROSPECTION, Outcome.SUCCESS)
              .caller(caller.clientId())
              .participantId(a.participantId())
              .clientId(a.clientId())
              .purposeOfUse(a.purposeOfUse())
              .requestedScopes(a.requestedScope())
              .grantedScopes(a.scope())
              .patientIds(a.patient() == null ? null : java.util.List.of(a.patient()))
              .details(Map.of("jti", a.jti(), "cached", Boolean.toString(cached)))
              .build());
      return;
    }
    Inactive i = (Inactive) result;
    metrics
        .counter("qg.authority.introspections", "active", "false", "cached", "false")
        .increment();
    audit.record(
        AuditTrail.event(
                AuditAction.TOKEN_INTROSPECTION, i.failedClosed() ? Outcome.ERROR : Outcome.DENIED)
            .caller(caller.clientId())
            .participantId(i.participantId())
            .clientId(i.clientId())
            .requestedScopes(i.requestedScope())
            .reason(i.reason())
            .build());
    if (i.escalation()) {
      audit.record(
          AuditTrail.event(AuditAction.SCOPE_ESCALATION, Outcome.DENIED)
              .caller(caller.clientId())
              .participantId(i.participantId())
              .clientId(i.clientId())
              .requestedScopes(i.requestedScope())
              .reason(i.reason())
              .build());
    }
  }

  /** RFC 7662 section 2.2 plus participant_id, purpose_of_use, patient, fhirUser. */
  static Map<String, Object> body(Active a) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("active", true);
    b.put("scope", a.scope());
    b.put("client_id", a.clientId());
    b.put("token_type", "Bearer");
    b.put("sub", a.subject());
    b.put("iss", a.issuer());
    b.put("aud", a.audiences().size() == 1 ? a.audiences().get(0) : a.audiences());
    b.put("exp", a.exp());
    b.put("iat", a.iat());
    if (a.nbf() != null) {
      b.put("nbf", a.nbf());
    }
    b.put("jti", a.jti());
    b.put("participant_id", a.participantId());
    if (a.purposeOfUse() != null) {
      b.put("purpose_of_use", a.purposeOfUse());
    }
    if (a.patient() != null) {
      b.put("patient", a.patient());
    }
    if (a.fhirUser() != null) {
      b.put("fhirUser", a.fhirUser());
    }
    return b;
  }
}
