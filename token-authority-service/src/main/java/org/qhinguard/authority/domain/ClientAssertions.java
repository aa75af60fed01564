package org.qhinguard.authority.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwk.JsonWebKey;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.common.policy.ParticipantSnapshot.RegisteredClient;

/**
 * Authenticates a client by its RFC 7523 JWT assertion (private_key_jwt, SMART Backend Services):
 * signed by one of the client's registered keys, iss = sub = client id, aud naming this authority,
 * short-lived and used once.
 */
public final class ClientAssertions {

  public static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  /** Remembers assertion ids until they expire; false when the id was already used. */
  public interface ReplayGuard {
    boolean firstUse(String clientId, String jti, Instant expiresAt);
  }

  /** An authenticated partner client. */
  public record PartnerClient(
      String clientId, ParticipantSnapshot participant, RegisteredClient client, String method) {}

  private final PolicyView policy;
  private final KeyLookup keys;
  private final ReplayGuard replay;
  private final List<String> defaultAlgorithms;
  private final Duration maxLifetime;
  private final Duration skew;
  private final Clock clock;

  public ClientAssertions(
      PolicyView policy,
      KeyLookup keys,
      ReplayGuard replay,
      List<String> defaultAlgorithms,
      Duration maxLifetime,
      Duration skew,
      Clock clock) {
    this.policy = policy;
    this.keys = keys;
    this.replay = replay;
    this.defaultAlgorithms = List.copyOf(defaultAlgorithms);
    this.maxLifetime = maxLifetime;
    this.skew = skew;
    this.clock = clock;
  }

  /** The participant's registration of {@code clientId}, if it allows {@code method}. */
  public static RegisteredClient registration(
      ParticipantSnapshot participant, String clientId, String method) {
    return (participant.clients() == null ? List.<RegisteredClient>of() : participant.clients())
        .stream()
            .filter(c -> clientId.equals(c.clientId()))
            .filter(c -> c.authMethods() != null && c.authMethods().contains(method))
            .findFirst()
            .orElseThrow(
                () ->
                    AuthorityException.invalidClient(
                        method + " is not registered for this client"));
  }

  /**
   * @param audiences what aud may name: the authority's issuer, its token endpoint, the endpoint
   *     called
   */
  public PartnerClient authenticate(
      String assertionType, String assertion, String clientIdParam, Set<String> audiences) {
    if (!TYPE.equals(assertionType)) {
      throw AuthorityException.invalidClient("client_assertion_type must be " + TYPE);
    }
    if (assertion == null || assertion.length() > 16384) {
      throw AuthorityException.invalidClient("client_assertion missing or too large");
    }
    try {
      return verify(CompactJws.parse(assertion), clientIdParam, audiences);
    } catch (MalformedTokenException e) {
      throw AuthorityException.invalidClient("client_assertion malformed: " + e.getMessage());
    }
  }

  private PartnerClient verify(CompactJws jws, String clientIdParam, Set<String> audiences)
      throws MalformedTokenException {
    Optional<String> iss = jws.stringClaim("iss");
    Optional<String> sub = jws.stringClaim("sub");
    if (iss.isEmpty() || !iss.equals(sub)) {
      throw AuthorityException.invalidClient("assertion iss and sub must both be the client id");
    }
    String clientId = iss.get();
    if (clientIdParam != null && !clientIdParam.equals(clientId)) {
      throw AuthorityException.invalidClient("client_id does not match the assertion");
    }
    ParticipantSnapshot participant =
        policy
            .byClient(clientId)
            .orElseThrow(() -> AuthorityException.invalidClient("unknown client"));
    RegisteredClient client = registration(participant, clientId, "private_key_jwt");
    if (!participant.active()) {
      throw AuthorityException.invalidClient("participant is " + participant.status());
    }
    List<String> algorithms =
        participant.policy() == null
                || participant.policy().signingAlgorithms() == null
                || participant.policy().signingAlgorithms().isEmpty()
            ? defaultAlgorithms
            : participant.policy().signingAlgorithms();
    JoseRules.headerProblem(jws, algorithms)
        .ifPresent(
            p -> {
              throw AuthorityException.invalidClient("assertion refused: " + p);
            });
    String alg = jws.headerText("alg").orElseThrow();
    JsonWebKey key =
        keys.find(
                new KeySet("client:" + clientId, client.jwks(), client.jwksUri()),
                jws.headerText("kid").orElseThrow())
            .orElseThrow(() -> AuthorityException.invalidClient("assertion kid unknown"));
    if (!JoseRules.keyFits(alg, key) || !JoseRules.signatureValid(jws, alg, key)) {
      throw AuthorityException.invalidClient("assertion signature invalid");
    }
    if (jws.audiences().stream().noneMatch(audiences::contains)) {
      throw AuthorityException.invalidClient("assertion aud does not name this authority");
    }
    long now = clock.instant().getEpochSecond();
    long exp =
        jws.numericDate("exp")
            .orElseThrow(() -> AuthorityException.invalidClient("assertion exp missing"));
    long iat = jws.numericDate("iat").orElse(now);
    if (now > exp + skew.toSeconds()) {
      throw AuthorityException.invalidClient("assertion expired");
    }
    if (jws.numericDate("nbf").orElse(0L) > now + skew.toSeconds()) {
      throw AuthorityException.invalidClient("assertion not yet valid");
    }
    if (exp - Math.min(iat, now) > maxLifetime.toSeconds() || iat > now + skew.toSeconds()) {
      throw AuthorityException.invalidClient(
          "assertion lifetime exceeds " + maxLifetime.toSeconds() + "s");
    }
    String jti =
        jws.stringClaim("jti")
            .orElseThrow(() -> AuthorityException.invalidClient("assertion jti missing"));
    if (!replay.firstUse(clientId, jti, Instant.ofEpochSecond(exp + skew.toSeconds()))) {
      throw AuthorityException.invalidClient("assertion jti already used");
    }
    return new PartnerClient(clientId, participant, client, "private_key_jwt");
  }
}
