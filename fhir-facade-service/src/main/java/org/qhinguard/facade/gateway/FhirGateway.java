package org.qhinguard.facade.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.Outcome;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.facade.access.AccessDecision;
import org.qhinguard.facade.access.AccessPolicy;
import org.qhinguard.facade.access.FacadeException;
import org.qhinguard.facade.access.FhirModel;
import org.qhinguard.facade.access.FhirRequest;
import org.qhinguard.facade.access.Grant;
import org.qhinguard.facade.access.Minimization;
import org.qhinguard.facade.access.ResponseGuard;
import org.qhinguard.facade.authority.Introspector;
import org.qhinguard.facade.config.FacadeConfig;
import org.qhinguard.facade.messaging.AuditPublisher;
import org.qhinguard.facade.policy.ParticipantPolicies;
import org.qhinguard.facade.store.RateLimiter;
import org.qhinguard.facade.upstream.FhirUpstream;

/**
 * One partner request, start to end: token, participant policy, rate limit, access decision,
 * upstream, response guard; every exit is an audit event. The guard steps run in that order so that
 * the cheapest refusal comes first and nothing reaches the upstream unchecked.
 */
@ApplicationScoped
public class FhirGateway {
  private static final Logger LOG = Logger.getLogger(FhirGateway.class);

  /** What goes back to the partner. */
  public record Reply(int status, byte[] body, Map<String, String> headers) {}

  private final Introspector introspector;
  private final ParticipantPolicies policies;
  private final RateLimiter rateLimiter;
  private final FhirUpstream upstream;
  private final AuditPublisher audit;
  private final FacadeConfig config;
  private final AccessPolicy access;
  private final ResponseGuard guard;
  private final ObjectMapper json = JsonMapper.builder().build();
  private final String publicBase;

  public FhirGateway(
      Introspector introspector,
      ParticipantPolicies policies,
      RateLimiter rateLimiter,
      FhirUpstream upstream,
      AuditPublisher audit,
      FacadeConfig config) {
    this.introspector = introspector;
    this.policies = policies;
    this.rateLimiter = rateLimiter;
    this.upstream = upstream;
    this.audit = audit;
    this.config = config;
    this.access = new AccessPolicy(new FhirModel(), json);
    this.guard = new ResponseGuard(access);
    this.publicBase = config.publicBaseUrl().replaceAll("/+$", "");
  }

  /** The facts of one request that end up in its audit event. */
  private static final class Trail {
    FhirRequest request;
    Grant grant;
    int returned;
    int removed;
    List<String> patients = List.of();
  }

  /**
   * @param path the path below the FHIR base, still percent-encoded
   */
  public Uni<Reply> handle(
      String authorization,
      String accept,
      String method,
      String path,
      String rawQuery,
      byte[] body,
      String contentType) {
    Trail trail = new Trail();
    return Uni.createFrom()
        .deferred(
            () -> {
              trail.request = FhirRequest.parse(method, path, rawQuery, body, contentType);
              return introspector.authenticate(authorization);
            })
        .chain(
            g -> {
              trail.grant = g;
              return policies.snapshot(g.participantId());
            })
        .chain(s -> admit(trail.grant, s, accept))
        .chain(s -> forward(trail, s, trail.request))
        .invoke(reply -> record(trail, Outcome.SUCCESS, null, reply.status()))
        .onFailure(e -> !(e instanceof FacadeException))
        .transform(
            e -> {
              LOG.error("unexpected failure", e);
              return new FacadeException(500, "exception", "the request could not be processed");
            })
        .onFailure()
        .invoke(
            e -> {
              FacadeException f = (FacadeException) e;
              Outcome o =
                  f.status() == 401 || f.status() == 403 || f.status() == 429
                      ? Outcome.DENIED
                      : Outcome.ERROR;
              record(trail, o, f.reason(), f.status());
            });
  }

  /** Participant status, asserted purpose, rate limit and the access decision. */
  private Uni<ParticipantSnapshot> admit(Grant g, ParticipantSnapshot s, String accept) {
    if (!s.active()) {
      throw FacadeException.forbidden("participant " + s.participantId() + " is " + s.status());
    }
    if (g.purposeOfUse() == null) {
      throw FacadeException.forbidden("the token asserts no exchange purpose (purpose_of_use)");
    }
    List<String> purposes = s.policy() == null ? null : s.policy().purposes();
    if (purposes == null || !purposes.contains(g.purposeOfUse())) {
      throw FacadeException.forbidden(
          "exchange purpose "
              + g.purposeOfUse()
              + " is not allowed for participant "
              + s.participantId());
    }
    if (accept != null
        && accept.contains("xml")
        && !accept.contains("json")
        && !accept.contains("*/*")) {
      throw FacadeException.notAcceptable("this server answers FHIR JSON only");
    }
    ParticipantSnapshot.RateLimit rl = s.policy().rateLimit();
    int perMinute = rl == null ? config.rateLimit().defaultPerMinute() : rl.perMinute();
    int burst = rl == null ? config.rateLimit().defaultBurst() : rl.burst();
    return rateLimiter
        .spend(
            new RateLimiter.Bucket("client:" + g.clientId(), perMinute, burst),
            new RateLimiter.Bucket("participant:" + g.participantId(), perMinute, burst))
        .onFailure()
        .transform(e -> FacadeException.unavailable("the rate limiter cannot be reached"))
        .map(
            v -> {
              if (!v.allowed()) {
                long seconds = Math.max(1, (v.retryAfterMillis() + 999) / 1000);
                throw FacadeException.tooManyRequests(
                    "rate limit of " + perMinute + "/min (burst " + burst + ") reached", seconds);
              }
              return s;
            });
  }

  private Uni<Reply> forward(Trail trail, ParticipantSnapshot s, FhirRequest request) {
    Grant g = trail.grant;
    AccessDecision d = access.decide(g, s.policy(), request);
    if (d instanceof AccessDecision.Deny deny) {
      throw FacadeException.forbidden(deny.reason());
    }
    AccessDecision.Permit permit = (AccessDecision.Permit) d;
    Minimization minimization =
        Minimization.forPurpose(s.policy().minimization(), g.purposeOfUse());
    Uni<Void> precheck =
        permit.checkExistingInCompartment()
            ? checkExisting(g, request)
            : Uni.createFrom().voidItem();
    FhirRequest fwd = permit.forward();
    return precheck
        .chain(() -> upstream.send(fwd.method(), fwd.pathAndQuery(), fwd.body(), fwd.contentType()))
        .map(answer -> relay(trail, minimization, answer));
  }

  /** Before a write under a patient/ scope: the current version must be in the compartment. */
  private Uni<Void> checkExisting(Grant g, FhirRequest request) {
    return upstream
        .send("GET", request.resourceType() + "/" + request.id(), null, null)
        .map(
            a -> {
              if (a.status() == 404 || a.status() == 410) {
                if (request.kind() == FhirRequest.Kind.UPDATE) {
                  return null; // update as create: the body was checked already
                }
                throw new FacadeException(
                    404,
                    "not-found",
                    request.resourceType() + "/" + request.id() + " is not known");
              }
              JsonNode current = parse(a);
              if (a.status() != 200 || !access.model().inCompartment(current, g.patient())) {
                throw FacadeException.forbidden(
                    request.resourceType()
                        + "/"
                        + request.id()
                        + " is outside the compartment of the grant's patient");
              }
              return null;
            })
        .replaceWithVoid();
  }

  private Reply relay(Trail trail, Minimization minimization, FhirUpstream.Answer a) {
    if (a.status() >= 500) {
      throw FacadeException.badGateway("the upstream FHIR server answered " + a.status());
    }
    Map<String, String> headers = new java.util.HashMap<>();
    headers.put("Content-Type", "application/fhir+json;charset=utf-8");
    if (a.location() != null) {
      headers.put("Location", a.location().replace(upstream.base(), publicBase));
    }
    if (a.body().length == 0) {
      headers.remove("Content-Type");
      return new Reply(a.status(), a.body(), headers);
    }
    JsonNode node = parse(a);
    if (!(node instanceof ObjectNode body) || !body.has("resourceType")) {
      throw FacadeException.badGateway(
          "the upstream FHIR server answered something other than FHIR JSON");
    }
    if (a.status() >= 300) {
      if (!"OperationOutcome".equals(body.path("resourceType").asText())) {
        throw FacadeException.badGateway(
            "the upstream answered " + a.status() + " without an OperationOutcome");
      }
      return new Reply(a.status(), a.body(), headers);
    }
    ResponseGuard.Result r =
        guard.filter(trail.grant, minimization, body, upstream.base(), publicBase);
    trail.returned = r.returned();
    trail.removed = r.removed();
    trail.patients = r.patients();
    if (!r.modified()) {
      return new Reply(a.status(), a.body(), headers);
    }
    try {
      return new Reply(a.status(), json.writeValueAsBytes(body), headers);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode parse(FhirUpstream.Answer a) {
    String ct = a.contentType() == null ? "" : a.contentType();
    if (!ct.contains("json")) {
      throw FacadeException.badGateway(
          "the upstream FHIR server answered " + (ct.isEmpty() ? "no content type" : ct));
    }
    try {
      return json.readTree(a.body());
    } catch (IOException e) {
      throw FacadeException.badGateway("the upstream FHIR server answered malformed JSON");
    }
  }

  private void record(Trail t, Outcome outcome, String reason, int status) {
    Grant g = t.grant;
    FhirRequest r = t.request;
    AuditEventData.Builder b =
        AuditEventData.builder(
                AuditPublisher.SOURCE,
                status == 429 ? AuditAction.RATE_LIMITED : AuditAction.FHIR_ACCESS,
                outcome)
            .reason(reason)
            .resultCount(t.returned)
            .removedCount(t.removed)
            .patientIds(t.patients)
            .details(Map.of("status", String.valueOf(status)));
    if (r != null) {
      b.resourceType(r.resourceType()).interaction(r.interactionName());
    }
    if (g != null) {
      b.caller(g.clientId())
          .clientId(g.clientId())
          .participantId(g.participantId())
          .purposeOfUse(g.purposeOfUse())
          .grantedScopes(g.scope());
    }
    try {
      audit.record(b.build());
    } catch (RuntimeException e) {
      LOG.error("audit event could not be queued", e);
    }
  }
}
