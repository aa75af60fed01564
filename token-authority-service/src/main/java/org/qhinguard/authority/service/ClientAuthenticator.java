package org.qhinguard.authority.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.qhinguard.authority.config.AuthorityConfig;
import org.qhinguard.authority.config.BootstrapConfig;
import org.qhinguard.authority.domain.AuthorityException;
import org.qhinguard.authority.domain.ClientAssertions;
import org.qhinguard.authority.domain.PolicyView;
import org.qhinguard.authority.store.AssertionReplayStore;
import org.qhinguard.authority.store.RedisKeys;
import org.qhinguard.authority.store.RemoteKeySets;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.common.policy.ParticipantSnapshot.RegisteredClient;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

/**
 * Client authentication at the token, introspection and revocation endpoints: private_key_jwt (RFC
 * 7523) for partners, client_secret_basic (RFC 6749 section 2.3.1) for the suite's own clients and
 * for partner clients whose registration allows it. Exactly one method per request.
 */
@ApplicationScoped
public class ClientAuthenticator {

  private static final int MAX_VERIFIED = 10_000;
  private static final String TOKEN_PATH = "/oauth2/token";

  private final BootstrapConfig bootstrap;
  private final PolicyView policy;
  private final ClientAssertions assertions;
  private final Set<String> audiences;
  private final List<String> baseUrls;

  /** bcrypt is slow on purpose; a secret verified against this exact hash is remembered. */
  private final Map<String, Boolean> verified = new ConcurrentHashMap<>();

  public ClientAuthenticator(
      BootstrapConfig bootstrap,
      PolicyView policy,
      RemoteKeySets keys,
      AssertionReplayStore replay,
      AuthorityConfig config) {
    this.bootstrap = bootstrap;
    this.policy = policy;
    this.baseUrls =
        List.copyOf(new java.util.LinkedHashSet<>(List.of(config.url(), config.publicUrlValue())));
    Set<String> aud = new java.util.HashSet<>();
    aud.add(config.issuerValue());
    for (String base : baseUrls) {
      aud.add(base);
      aud.add(base + TOKEN_PATH);
    }
    this.audiences = Set.copyOf(aud);
    this.assertions =
        new ClientAssertions(
            policy,
            keys,
            replay,
            config.introspection().defaultAlgorithms(),
            config.tokens().maxAssertionLifetime(),
            config.clockSkew(),
            Clock.systemUTC());
  }

  /**
   * @param endpointPath the path called, e.g. {@code /oauth2/introspect}; an assertion may name its
   *     URL as aud
   */
  public AuthenticatedClient authenticate(
      String authorization, Map<String, String> form, String endpointPath) {
    boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    boolean assertion = form.containsKey("client_assertion");
    if (form.containsKey("client_secret")) {
      throw AuthorityException.invalidClient("client_secret_post is not supported");
    }
    if (basic && assertion) {
      throw AuthorityException.invalidRequest("more than one client authentication method");
    }
    if (assertion) {
      Set<String> aud = new java.util.HashSet<>(audiences);
      baseUrls.forEach(base -> aud.add(base + endpointPath));
      ClientAssertions.PartnerClient p =
          assertions.authenticate(
              form.get("client_assertion_type"),
              form.get("client_assertion"),
              form.get("client_id"),
              aud);
      return new AuthenticatedClient(
          p.clientId(),
          p.client().roles() == null ? List.of() : p.client().roles(),
          p.participant(),
          p.client(),
          p.method());
    }
    if (basic) {
      return basic(authorization.substring(6).trim(), form.get("client_id"));
    }
    throw AuthorityException.invalidClient("client authentication required");
  }

  private AuthenticatedClient basic(String encoded, String clientIdParam) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw AuthorityException.invalidClient("malformed Basic credentials");
    }
    int colon = decoded.indexOf(':');
    if (colon < 1) {
      throw AuthorityException.invalidClient("malformed Basic credentials");
    }
    // RFC 6749 section 2.3.1: id and secret are form-urlencoded before Basic encoding.
    String clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
    String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
    if (clientIdParam != null && !clientIdParam.equals(clientId)) {
      throw AuthorityException.invalidClient("client_id does not match the credentials");
    }
    Optional<AuthenticatedClient> internal = internal(clientId, secret);
    if (internal.isPresent()) {
      return internal.get();
    }
    ParticipantSnapshot participant =
        policy
            .byClient(clientId)
            .orElseThrow(() -> AuthorityException.invalidClient("unknown client"));
    RegisteredClient client =
        ClientAssertions.registration(participant, clientId, "client_secret_basic");
    if (client.secretHash() == null || !bcryptMatches(secret, client.secretHash())) {
      throw AuthorityException.invalidClient("client authentication failed");
    }
    if (!participant.active()) {
      throw AuthorityException.invalidClient("participant is " + participant.status());
    }
    return new AuthenticatedClient(
        clientId,
        client.roles() == null ? List.of() : client.roles(),
        participant,
        client,
        "client_secret_basic");
  }

  private Optional<AuthenticatedClient> internal(String clientId, String secret) {
    if (clientId.equals(bootstrap.admin().clientId())) {
      return Optional.of(
          bootstrap
              .admin()
              .clientSecret()
              .filter(s -> constantTimeEquals(s, secret))
              .map(s -> AuthenticatedClient.internal(clientId, bootstrap.admin().roles()))
              .orElseThrow(() -> AuthorityException.invalidClient("client authentication failed")));
    }
    BootstrapConfig.ServiceClient service = bootstrap.clients().get(clientId);
    if (service == null) {
      return Optional.empty();
    }
    return Optional.of(
        service
            .secret()
            .filter(s -> constantTimeEquals(s, secret))
            .map(s -> AuthenticatedClient.internal(clientId, service.roles()))
            .orElseThrow(() -> AuthorityException.invalidClient("client authentication failed")));
  }

  private boolean bcryptMatches(String secret, String hash) {
    String key = RedisKeys.sha256(hash + "\n" + secret);
    if (verified.containsKey(key)) {
      return true;
    }
    boolean ok;
    try {
      // Elytron reads the $2a$ modular crypt form; $2b$/$2y$ hashes are the same algorithm.
      String normalised = hash.replaceFirst("^\\$2[by]\\$", "\\$2a\\$");
      Password stored = ModularCrypt.decode(normalised);
      PasswordFactory f =
          PasswordFactory.getInstance(
              BCryptPassword.ALGORITHM_BCRYPT, WildFlyElytronPasswordProvider.getInstance());
      ok = f.verify(f.translate(stored), secret.toCharArray());
    } catch (Exception e) {
      ok = false;
    }
    if (ok) {
      if (verified.size() >= MAX_VERIFIED) {
        verified.clear();
      }
      verified.put(key, Boolean.TRUE);
    }
    return ok;
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
