package org.qhinguard.authority.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwk.JsonWebKey;
import org.qhinguard.authority.config.AuthorityConfig;
import org.qhinguard.authority.domain.AuthorityException;
import org.qhinguard.authority.domain.CompactJws;
import org.qhinguard.authority.domain.JoseRules;
import org.qhinguard.authority.domain.MalformedTokenException;
import org.qhinguard.authority.domain.TokenInspector;
import org.qhinguard.authority.store.IntrospectionCache;
import org.qhinguard.authority.store.RevocationStore;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventType;
import org.qhinguard.common.events.Outcome;
import org.qhinguard.common.events.TokenRevokedData;

/**
 * RFC 7009 revocation of the tokens this authority issued, by the client they were issued to, and
 * revocation of a jti by an administrator. A revoked jti stays revoked until the token expires.
 */
@ApplicationScoped
public class RevocationService {

  public static final String PATH = "/oauth2/revoke";

  private final ClientAuthenticator authenticator;
  private final SigningKeys keys;
  private final RevocationStore revocations;
  private final IntrospectionCache cache;
  private final AuditTrail audit;
  private final AuthorityConfig config;

  public RevocationService(
      ClientAuthenticator authenticator,
      SigningKeys keys,
      RevocationStore revocations,
      IntrospectionCache cache,
      AuditTrail audit,
      AuthorityConfig config) {
    this.authenticator = authenticator;
    this.keys = keys;
    this.revocations = revocations;
    this.cache = cache;
    this.audit = audit;
    this.config = config;
  }

  public void revoke(String authorization, Map<String, String> form) {
    AuthenticatedClient client = authenticator.authenticate(authorization, form, PATH);
    String token = form.get("token");
    TokenInspector.requireUsableToken(token, config.maxTokenBytes());
    Optional<CompactJws> ours = ownToken(token);
    if (ours.isEmpty()) {
      // RFC 7009 section 2.2: an invalid token is no error; there is nothing to revoke.
      audit.record(
          AuditTrail.event(AuditAction.TOKEN_REVOCATION, Outcome.DENIED)
              .caller(client.clientId())
              .reason("not a token of this authority")
              .build());
      return;
    }
    CompactJws jws = ours.get();
    String owner = jws.claimText("client_id").orElse(null);
    if (!client.clientId().equals(owner)) {
      audit.record(
          AuditTrail.event(AuditAction.TOKEN_REVOCATION, Outcome.DENIED)
              .caller(client.clientId())
              .clientId(owner)
              .reason("token was issued to another client")
              .build());
      // RFC 7009 section 2.1: the token must have been issued to the requesting client.
      throw AuthorityException.unauthorizedClient("the token was not issued to this client");
    }
    String jti = jws.claimText("jti").orElse(null);
    long exp = jws.payload().path("exp").asLong(0);
    if (jti != null) {
      revoke(jti, Instant.ofEpochSecond(exp), client.clientId(), owner);
    }
  }

  /** Administrative revocation of a token id until {@code expiresAt}. */
  public void revoke(String jti, Instant expiresAt, String caller, String clientId) {
    revocations.revoke(jti, expiresAt.plus(config.clockSkew()));
    cache.dropJti(jti);
    audit.record(
        AuditTrail.event(AuditAction.TOKEN_REVOCATION, Outcome.SUCCESS)
            .caller(caller)
            .clientId(clientId)
            .details(Map.of("jti", jti, "expiresAt", expiresAt.toString()))
            .build());
    // For the resource servers' introspection caches (the facade's), which read no audit events.
    audit.announce(
        CloudEvent.of(
            AuditTrail.SOURCE,
            EventType.TOKEN_REVOKED,
            clientId,
            new TokenRevokedData(jti, clientId, expiresAt)));
  }

  private Optional<CompactJws> ownToken(String token) {
    try {
      CompactJws jws = CompactJws.parse(token);
      if (!config.issuerValue().equals(jws.claimText("iss").orElse(null))) {
        return Optional.empty();
      }
      TokenInspector.OwnKeys own = keys.ownKeys();
      if (JoseRules.headerProblem(jws, own.algorithms()).isPresent()) {
        return Optional.empty();
      }
      String alg = jws.headerText("alg").orElseThrow();
      Optional<JsonWebKey> key = own.byKid().apply(jws.headerText("kid").orElseThrow());
      return key.filter(k -> JoseRules.keyFits(alg, k) && JoseRules.signatureValid(jws, alg, k))
          .map(k -> jws);
    } catch (MalformedTokenException e) {
      return Optional.empty();
    }
  }
}
