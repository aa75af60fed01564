package org.qhinguard.common.policy;

import java.util.List;
import java.util.Map;

/**
 * What policy-service hands to the token authority and the FHIR facade about one participant, at
 * one policy version: who it is, the issuers and clients it operates, the audiences it owns, and
 * its trust policy. Served at {@code GET /v1/snapshots/...}; consumers cache it until a {@code
 * org.qhinguard.policy.changed.v1} event names a newer version.
 */
public record ParticipantSnapshot(
    String participantId,
    String displayName,
    ParticipantKind kind,
    String qhinId,
    ParticipantStatus status,
    long version,
    List<TokenIssuer> issuers,
    List<String> audiences,
    List<RegisteredClient> clients,
    TrustPolicy policy) {

  /**
   * A token issuer the participant operates: the exact {@code iss} string, and its keys by URI or
   * inline JWKS (a JSON string).
   */
  public record TokenIssuer(String issuer, String jwksUri, String jwks) {}

  /**
   * An OAuth client of the participant.
   *
   * @param jwks inline JWKS (JSON string) for private_key_jwt, or null
   * @param jwksUri where its JWKS lives, or null
   * @param grantTypes e.g. {@code client_credentials}
   * @param authMethods token endpoint auth methods, {@code private_key_jwt} and/or {@code
   *     client_secret_basic}
   * @param secretHash a bcrypt hash of the client secret, where client_secret_basic is allowed
   * @param roles internal roles a token of this client carries ({@code groups}), for service
   *     clients of the suite itself
   */
  public record RegisteredClient(
      String clientId,
      String jwks,
      String jwksUri,
      List<String> grantTypes,
      List<String> authMethods,
      String secretHash,
      List<String> roles) {}

  /**
   * The trust policy.
   *
   * @param scopeCeiling SMART v2 scopes, the most any token of this participant may carry
   * @param purposes TEFCA exchange purpose codes it may assert
   * @param resourceInteractions per resource type, the interactions allowed (read, search, ...)
   * @param signingAlgorithms JWS algorithms accepted on its tokens and assertions
   * @param maxTokenLifetimeSeconds the longest exp - iat accepted or issued
   * @param requireDpop whether its tokens must be DPoP-bound
   * @param requireAtJwtTyp whether its tokens must carry {@code typ: at+jwt} (RFC 9068)
   * @param rateLimit sustained and burst request limits
   * @param minimization per resource type, per purpose code, the elements that may be returned
   *     (absent type or purpose: no minimization)
   */
  public record TrustPolicy(
      List<String> scopeCeiling,
      List<String> purposes,
      Map<String, List<String>> resourceInteractions,
      List<String> signingAlgorithms,
      long maxTokenLifetimeSeconds,
      boolean requireDpop,
      boolean requireAtJwtTyp,
      RateLimit rateLimit,
      Map<String, Map<String, List<String>>> minimization) {}

  public record RateLimit(int perMinute, int burst) {}

  public boolean active() {
    return status == ParticipantStatus.ACTIVE;
  }
}
