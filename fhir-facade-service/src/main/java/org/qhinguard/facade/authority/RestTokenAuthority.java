package org.qhinguard.facade.authority;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.qhinguard.facade.config.FacadeConfig;

/** {@link TokenAuthority} over HTTP, authenticated as the facade's client (client_secret_basic). */
@ApplicationScoped
public class RestTokenAuthority implements TokenAuthority {

  private final AuthorityRestClient client;
  private final FacadeConfig config;
  private final AtomicReference<Cached> serviceToken = new AtomicReference<>();

  private record Cached(String token, Instant refreshAt) {}

  public RestTokenAuthority(@RestClient AuthorityRestClient client, FacadeConfig config) {
    this.client = client;
    this.config = config;
  }

  /** RFC 6749 section 2.3.1: form-urlencoded id and secret, then Basic. */
  private String basic() {
    String secret = config.clientSecret().orElse("");
    String pair =
        java.net.URLEncoder.encode(config.clientId(), StandardCharsets.UTF_8)
            + ":"
            + java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Uni<Introspection> introspect(String token, String resource) {
    return client
        .introspect(basic(), token, resource)
        .ifNoItem()
        .after(config.introspection().timeout())
        .fail();
  }

  @Override
  public Uni<String> serviceToken() {
    Cached c = serviceToken.get();
    if (c != null && Instant.now().isBefore(c.refreshAt())) {
      return Uni.createFrom().item(c.token());
    }
    return client
        .token(basic(), "client_credentials")
        .ifNoItem()
        .after(config.policy().timeout())
        .fail()
        .map(
            (JsonNode body) -> {
              String token = body.path("access_token").asText(null);
              if (token == null) {
                throw new IllegalStateException("the token authority issued no access_token");
              }
              long expiresIn = body.path("expires_in").asLong(60);
              // Refresh at 80% of the lifetime, so a token never expires in flight.
              Instant refresh = Instant.now().plus(Duration.ofSeconds(expiresIn * 8 / 10));
              serviceToken.set(new Cached(token, refresh));
              return token;
            });
  }
}
