package org.qhinguard.authority.domain;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jose4j.jwk.JsonWebKey;
import org.qhinguard.authority.domain.Introspection.Active;
import org.qhinguard.authority.domain.Introspection.Inactive;
import org.qhinguard.common.policy.ExchangePurpose;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.common.policy.ParticipantSnapshot.TokenIssuer;
import org.qhinguard.common.smart.ClinicalScope;
import org.qhinguard.common.smart.ScopeContext;
import org.qhinguard.common.smart.Scopes;

/**
 * Decides whether an access token is good, for this resource server, right now. Every check must
 * hold; the first that fails makes the token inactive with its reason. Deny by default: a missing
 * claim, an unknown issuer, an unknown kid or an unreachable policy is inactive.
 */
public final class TokenInspector {

  /** The algorithms of the authority's own keys and the keys themselves by kid. */
  public record OwnKeys(List<String> algorithms, Function<String, Optional<JsonWebKey>> byKid) {}

  /** Who asks: a registered client of a participant that operates resource servers. */
  public record Caller(String clientId, ParticipantSnapshot participant) {}

  private final String ownIssuer;
  private final OwnKeys ownKeys;
  private final PolicyView policy;
  private final KeyLookup keys;
  private final Predicate<String> revokedJti;
  private final List<String> defaultAlgorithms;
  private final Duration skew;
  private final int maxTokenBytes;
  private final Clock clock;

  public TokenInspector(
      String ownIssuer,
      OwnKeys ownKeys,
      PolicyView policy,
      KeyLookup keys,
      Predicate<String> revokedJti,
      List<String> defaultAlgorithms,
      Duration skew,
      int maxTokenBytes,
      Clock clock) {
    this.ownIssuer = ownIssuer;
    this.ownKeys = ownKeys;
    this.policy = policy;
    this.keys = keys;
    this.revokedJti = revokedJti;
    this.defaultAlgorithms = List.copyOf(defaultAlgorithms);
    this.skew = skew;
    this.maxTokenBytes = maxTokenBytes;
    this.clock = clock;
  }

  /** Refuses (400) what is no request at all; everything else is a verdict. */
  public static void requireUsableToken(String token, int maxTokenBytes) {
    if (token == null || token.isBlank()) {
      throw AuthorityException.invalidRequest("token is required");
    }
    if (token.getBytes(StandardCharsets.UTF_8).length > maxTokenBytes) {
      throw AuthorityException.invalidRequest("token is larger than " + maxTokenBytes + " bytes");
    }
  }

  public Introspection inspect(String token, Caller caller, String resource) {
    requireUsableToken(token, maxTokenBytes);
    try {
      return check(token, caller, resource);
    } catch (PolicyUnavailableException e) {
      return new Inactive(
          "policy-service unreachable and snapshot past its bound: " + e.getMessage(),
          false,
          true,
          null,
          null,
          null);
    }
  }

  private Introspection check(String token, Caller caller, String resource) {
    CompactJws jws;
    try {
      jws = CompactJws.parse(token);
    } catch (MalformedTokenException e) {
      return Inactive.because("malformed: " + e.getMessage());
    }
    try {
      return checkParsed(jws, caller, resource);
    } catch (MalformedTokenException e) {
      return Inactive.because("malformed: " + e.getMessage());
    }
  }

  private Introspection checkParsed(CompactJws jws, Caller caller, String resource)
      throws MalformedTokenException {
    Optional<String> iss = jws.stringClaim("iss");
    if (iss.isEmpty()) {
      return Inactive.because("iss missing");
    }
    Optional<String> clientId = jws.stringClaim("client_id");
    Optional<String> scope = jws.stringClaim("scope");
    boolean own = ownIssuer.equals(iss.get());

    ParticipantSnapshot participant;
    TokenIssuer issuer = null;
    if (own) {
      if (clientId.isEmpty()) {
        return Inactive.because("client_id missing");
      }
      Optional<ParticipantSnapshot> p = policy.byClient(clientId.get());
      if (p.isEmpty()) {
        return Inactive.because("client " + clientId.get() + " belongs to no participant");
      }
      participant = p.get();
      if (!participant.participantId().equals(jws.stringClaim("participant_id").orElse(null))) {
        return Inactive.because("participant_id does not match the client's participant");
      }
    } else {
      // Exact match only: no prefix, case folding or normalisation of look-alike issuers.
      Optional<ParticipantSnapshot> p = policy.byIssuer(iss.get());
      if (p.isEmpty()) {
        return Inactive.because("unknown issuer");
      }
      participant = p.get();
      issuer =
          participant.issuers() == null
              ? null
              : participant.issuers().stream()
                  .filter(i -> iss.get().equals(i.issuer()))
                  .findFirst()
                  .orElse(null);
      if (issuer == null) {
        return Inactive.because("issuer not registered to the participant (exact match)");
      }
    }
    String pid = participant.participantId();
    String cid = clientId.orElse(null);
    String requested = scope.orElse(null);
    Introspection verdict = checkSigned(jws, caller, resource, participant, issuer, own);
    if (verdict instanceof Inactive inactive) {
      return inactive.about(pid, cid, requested);
    }
    return verdict;
  }

  private Introspection checkSigned(
      CompactJws jws,
      Caller caller,
      String resource,
      ParticipantSnapshot participant,
      TokenIssuer issuer,
      boolean own)
      throws MalformedTokenException {
    ParticipantSnapshot.TrustPolicy trust = participant.policy();
    if (trust == null) {
      return Inactive.because("participant has no trust policy");
    }
    if (trust.requireDpop()) {
      // RFC 9449 proof-of-possession is not verified here, so a policy that demands it fails
      // closed.
      return Inactive.because("policy requires DPoP-bound tokens, which are not supported");
    }
    List<String> algorithms =
        own
            ? ownKeys.algorithms()
            : trust.signingAlgorithms() == null || trust.signingAlgorithms().isEmpty()
                ? defaultAlgorithms
                : trust.signingAlgorithms();
    Optional<String> headerProblem = JoseRules.headerProblem(jws, algorithms);
    if (headerProblem.isPresent()) {
      return Inactive.because(headerProblem.get());
    }
    Optional<String> typProblem = typProblem(jws, trust.requireAtJwtTyp());
    if (typProblem.isPresent()) {
      return Inactive.because(typProblem.get());
    }
    String alg = jws.headerText("alg").orElseThrow();
    String kid = jws.headerText("kid").orElseThrow();
    Optional<JsonWebKey> key =
        own
            ? ownKeys.byKid().apply(kid)
            : keys.find(
                new KeySet("issuer:" + issuer.issuer(), issuer.jwks(), issuer.jwksUri()), kid);
    if (key.isEmpty()) {
      return Inactive.because("unknown kid");
    }
    if (!JoseRules.keyFits(alg, key.get())) {
      return Inactive.because("alg " + alg + " does not fit the key of kid " + kid);
    }
    if (!JoseRules.signatureValid(jws, alg, key.get())) {
      return Inactive.because("signature invalid");
    }
    // From here on the claims are the issuer's.
    Optional<String> timeProblem = timeProblem(jws, trust.maxTokenLifetimeSeconds());
    if (timeProblem.isPresent()) {
      return Inactive.because(timeProblem.get());
    }
    List<String> aud = jws.audiences();
    List<String> mine =
        caller.participant().audiences() == null ? List.of() : caller.participant().audiences();
    if (resource != null && !mine.contains(resource)) {
      return Inactive.because("resource " + resource + " is not an audience of the caller");
    }
    boolean audienceOk =
        resource != null ? aud.contains(resource) : aud.stream().anyMatch(mine::contains);
    if (!audienceOk) {
      return Inactive.because("aud is not an audience of the calling resource server");
    }
    Optional<String> sub = jws.stringClaim("sub");
    Optional<String> clientId = jws.stringClaim("client_id");
    Optional<String> jti = jws.stringClaim("jti");
    Optional<String> scope = jws.stringClaim("scope");
    if (sub.isEmpty() || clientId.isEmpty() || jti.isEmpty()) {
      return Inactive.because("sub, client_id or jti missing (RFC 9068 section 2.2)");
    }
    if (!participant.active()) {
      return Inactive.because(
          "participant " + participant.participantId() + " is " + participant.status());
    }
    if (!caller.participant().active()) {
      return Inactive.because("calling participant is " + caller.participant().status());
    }
    if (revokedJti.test(jti.get())) {
      return Inactive.because("jti revoked");
    }
    if (scope.isEmpty() || scope.get().isBlank()) {
      return Inactive.because("no scope");
    }
    Optional<String> purpose = jws.stringClaim("purpose_of_use");
    if (purpose.isPresent()
        && (ExchangePurpose.fromCode(purpose.get()).isEmpty()
            || trust.purposes() == null
            || !trust.purposes().contains(purpose.get()))) {
      return Inactive.because("purpose_of_use " + purpose.get() + " not allowed");
    }
    Optional<String> patient = jws.stringClaim("patient");
    boolean patientScopes =
        Scopes.parse(scope.get()).clinical().stream()
            .map(ClinicalScope::context)
            .anyMatch(ScopeContext.PATIENT::equals);
    if (patientScopes && patient.isEmpty()) {
      return Inactive.because("patient/ scopes without a patient");
    }
    Decision decision =
        policy.decide(
            new DecisionRequest(
                participant.participantId(),
                own ? null : jws.stringClaim("iss").orElseThrow(),
                clientId.get(),
                scope.get(),
                purpose.orElse(null),
                null,
                null));
    if (!decision.deniedScopes().isEmpty()) {
      String denied =
          String.join(
              ", ",
              decision.deniedScopes().stream()
                  .map(d -> d.scope() + " (" + d.reason() + ")")
                  .toList());
      return new Inactive("scope beyond the ceiling: " + denied, true, false, null, null, null);
    }
    if (!decision.permitted()) {
      return Inactive.because("policy decision " + decision.decision() + " " + decision.reasons());
    }
    // An issued token must already fit: a scope policy had to narrow is an escalation attempt.
    List<ClinicalScope> granted = Scopes.parse(decision.grantedScopes()).clinical();
    List<String> narrowed =
        Scopes.parse(scope.get()).clinical().stream()
            .filter(r -> granted.stream().noneMatch(r::isCoveredBy))
            .map(ClinicalScope::canonical)
            .toList();
    if (!narrowed.isEmpty()) {
      return new Inactive(
          "scope beyond the ceiling: " + String.join(" ", narrowed), true, false, null, null, null);
    }
    return new Active(
        jws.stringClaim("iss").orElseThrow(),
        sub.get(),
        clientId.get(),
        aud,
        jws.numericDate("exp").orElseThrow(),
        jws.numericDate("iat").orElseThrow(),
        jws.numericDate("nbf").orElse(null),
        jti.get(),
        decision.grantedScopes(),
        scope.get(),
        participant.participantId(),
        participant.version(),
        purpose.orElse(null),
        patient.orElse(null),
        jws.stringClaim("fhirUser").orElse(null));
  }

  /** RFC 9068 section 4: typ must be at+jwt (or application/at+jwt) where the policy says so. */
  private static Optional<String> typProblem(CompactJws jws, boolean required) {
    if (jws.hasHeader("typ") && jws.headerText("typ").isEmpty()) {
      return Optional.of("typ is not a string");
    }
    String typ = jws.headerText("typ").map(t -> t.toLowerCase(java.util.Locale.ROOT)).orElse(null);
    boolean atJwt = "at+jwt".equals(typ) || "application/at+jwt".equals(typ);
    if (required && !atJwt) {
      return Optional.of("typ " + typ + " is not at+jwt");
    }
    if (!atJwt && typ != null && !"jwt".equals(typ)) {
      return Optional.of("typ " + typ + " is not an access token type");
    }
    return Optional.empty();
  }

  private Optional<String> timeProblem(CompactJws jws, long maxLifetimeSeconds)
      throws MalformedTokenException {
    long now = clock.instant().getEpochSecond();
    long leeway = skew.toSeconds();
    Optional<Long> exp = jws.numericDate("exp");
    Optional<Long> iat = jws.numericDate("iat");
    Optional<Long> nbf = jws.numericDate("nbf");
    if (exp.isEmpty() || iat.isEmpty()) {
      return Optional.of("exp or iat missing");
    }
    if (now > exp.get() + leeway) {
      return Optional.of("expired");
    }
    if (nbf.isPresent() && nbf.get() > now + leeway) {
      return Optional.of("not yet valid (nbf)");
    }
    if (iat.get() > now + leeway) {
      return Optional.of("issued in the future (iat)");
    }
    if (exp.get() <= iat.get()) {
      return Optional.of("exp is not after iat");
    }
    if (maxLifetimeSeconds > 0 && exp.get() - iat.get() > maxLifetimeSeconds) {
      return Optional.of("lifetime exceeds the policy's maximum of " + maxLifetimeSeconds + "s");
    }
    return Optional.empty();
  }
}
