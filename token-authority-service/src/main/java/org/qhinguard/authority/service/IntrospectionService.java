package org.qhinguard.authority.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.qhinguard.authority.config.AuthorityConfig;
import org.qhinguard.authority.config.BootstrapConfig;
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
import org.qhinguard.common.events.AuditEventData;
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
  private final RevocationStore revocations;
  private final PolicyView policy;
  private final AuditTrail audit;
  private final String ownIssuer;
  private final int maxTokenBytes;
  private final Counter activeCached;
  private final Counter activeFresh;
  private final Counter inactive;
  private final BootstrapConfig bootstrap;

  public IntrospectionService(
      ClientAuthenticator authenticator,
      PolicyView policy,
      RemoteKeySets keys,
      RevocationStore revocations,
      SigningKeys signingKeys,
      IntrospectionCache cache,
      AuditTrail audit,
      AuthorityConfig config,
      BootstrapConfig bootstrap,
      MeterRegistry metrics) {
    this.authenticator = authenticator;
    this.bootstrap = bootstrap;
    this.policy = policy;
    this.cache = cache;
    this.revocations = revocations;
    this.audit = audit;
    this.activeCached = introspections(metrics, "true", "true");
    this.activeFresh = introspections(metrics, "true", "false");
    this.inactive = introspections(metrics, "false", "false");
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
    String token = form.get("token");
    TokenInspector.requireUsableToken(token, maxTokenBytes);
    String resource = form.get("resource");
    Introspection result;
    boolean cached = false;
    try {
      ParticipantSnapshot audienceOwner = resourceServer(caller, resource);
      if (audienceOwner == null) {
        result = Inactive.because("resource " + resource + " is not served by the caller");
      } else {
        String key = cache.keyFor(caller.clientId(), resource, token);
        Optional<Active> hit = fromCache(key, audienceOwner);
        cached = hit.isPresent();
        result =
            hit.isPresent()
                ? hit.get()
                : inspector.inspect(
                    token, new TokenInspector.Caller(caller.clientId(), audienceOwner), resource);
        if (!cached && result instanceof Active a) {
          cache.put(
              key,
              new IntrospectionCache.Entry(
                  a, audienceOwner.participantId(), audienceOwner.version()));
        }
      }
    } catch (PolicyUnavailableException e) {
      result =
          new Inactive(
              "policy-service unreachable: " + e.getMessage(), false, true, null, null, null);
    }
    record(result, caller, cached);
    return result instanceof Active a ? body(a) : INACTIVE;
  }

  /**
   * The participant whose audiences the caller serves. A participant's client serves its
   * participant's; a suite resource server (the FHIR facade's service client) names the audience
   * with {@code resource}, which must be registered to an active participant and, where configured,
   * be one of the client's {@code audiences}.
   */
  private ParticipantSnapshot resourceServer(AuthenticatedClient caller, String resource) {
    if (!caller.isInternal()) {
      return caller.participant();
    }
    if (resource == null) {
      throw AuthorityException.invalidRequest(
          "resource is required when a suite service introspects");
    }
    BootstrapConfig.ServiceClient service = bootstrap.clients().get(caller.clientId());
    if (service == null || service.audiences().map(a -> !a.contains(resource)).orElse(false)) {
      return null;
    }
    return policy
        .byAudience(resource)
        .filter(p -> p.audiences() != null && p.audiences().contains(resource) && p.active())
        .orElse(null);
  }

  private Optional<Active> fromCache(String key, ParticipantSnapshot callerParticipant) {
    Optional<IntrospectionCache.Entry> entry = cache.get(key);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Active a = entry.get().active();
    // The cache is written asynchronously, so a revocation may have overtaken the write.
    if (entry.get().callerVersion() != callerParticipant.version()
        || a.exp() < Instant.now().getEpochSecond()
        || revocations.isRevoked(a.jti())) {
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
      (cached ? activeCached : activeFresh).increment();
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
    inactive.increment();
    audit.record(
        refusal(
            AuditAction.TOKEN_INTROSPECTION,
            i.failedClosed() ? Outcome.ERROR : Outcome.DENIED,
            i,
            caller));
    if (i.escalation()) {
      audit.record(refusal(AuditAction.SCOPE_ESCALATION, Outcome.DENIED, i, caller));
    }
  }

  private static AuditEventData refusal(
      AuditAction action, Outcome outcome, Inactive i, AuthenticatedClient caller) {
    return AuditTrail.event(action, outcome)
        .caller(caller.clientId())
        .participantId(i.participantId())
        .clientId(i.clientId())
        .requestedScopes(i.requestedScope())
        .reason(i.reason())
        .build();
  }

  private static Counter introspections(MeterRegistry metrics, String active, String cached) {
    return Counter.builder("qg.authority.introspections")
        .tag("active", active)
        .tag("cached", cached)
        .register(metrics);
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
