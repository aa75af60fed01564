package org.qhinguard.authority.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything under {@code qg.authority}; each value is overridable by environment variable. */
@ConfigMapping(prefix = "qg.authority")
public interface AuthorityConfig {

  /** The base URL the authority is reached at; endpoint URLs in metadata derive from it. */
  String url();

  /**
   * The base URL partners are told (metadata, client assertion aud); defaults to {@link #url()}.
   */
  Optional<String> publicUrl();

  default String publicUrlValue() {
    return publicUrl().orElse(url());
  }

  /** The {@code iss} of every token the authority signs; defaults to {@link #url()}. */
  Optional<String> issuer();

  default String issuerValue() {
    return issuer().orElse(url());
  }

  /** Tokens larger than this are refused with 400 before any parsing. */
  @WithDefault("16384")
  int maxTokenBytes();

  /** Allowed clock difference for exp, nbf and iat. */
  @WithDefault("60s")
  Duration clockSkew();

  Tokens tokens();

  Keys keys();

  Introspection introspection();

  Policy policy();

  Audit audit();

  @WithDefault("false")
  boolean benchEndpoint();

  interface Tokens {
    /** Lifetime of partner access tokens, capped by the participant's maximum lifetime. */
    @WithDefault("5m")
    Duration partnerLifetime();

    /** Lifetime of the suite's internal tokens (bootstrap admin and service clients). */
    @WithDefault("10m")
    Duration internalLifetime();

    /** RFC 7523 client assertions may live at most this long (SMART Backend Services: 5 min). */
    @WithDefault("5m")
    Duration maxAssertionLifetime();
  }

  interface Keys {
    /** RS256 or ES256. */
    @WithDefault("RS256")
    String algorithm();

    /** A key older than this is replaced by the scheduled rotation; 0 disables it. */
    @WithDefault("30d")
    Duration rotateAfter();

    /** How often a replica re-reads the key table (to see another replica's rotation). */
    @WithDefault("30s")
    Duration reloadEvery();
  }

  interface Introspection {
    /** The longest an active answer is cached in Redis (never beyond the token's exp). */
    @WithDefault("30s")
    Duration cacheTtl();

    /** A participant's JWKS fetched by URI is kept this long. */
    @WithDefault("10m")
    Duration jwksTtl();

    /** An unknown kid refetches a JWKS at most once per this interval. */
    @WithDefault("30s")
    Duration jwksRefreshInterval();

    /** JWKS URIs must be https unless this is set (loopback tests). */
    @WithDefault("false")
    boolean allowHttpJwks();

    /** JWS algorithms accepted when a participant's policy names none. */
    @WithDefault("RS256,PS256,ES256")
    List<String> defaultAlgorithms();
  }

  interface Policy {
    /** A snapshot older than this is refetched; if policy-service is unreachable, fail closed. */
    @WithDefault("5m")
    Duration maxAge();

    /** How long "no such participant" answers are remembered. */
    @WithDefault("10s")
    Duration negativeTtl();

    @WithDefault("10000")
    int maxEntries();
  }

  interface Audit {
    /** How often the relay drains the buffer to the bus. */
    @WithDefault("1s")
    Duration relayEvery();

    @WithDefault("100000")
    int bufferMax();

    @WithDefault("200")
    int batchSize();

    @WithDefault("5s")
    Duration confirmTimeout();

    Broker broker();

    interface Broker {
      @WithDefault("127.0.0.1")
      String host();

      @WithDefault("5672")
      int port();

      @WithDefault("guest")
      String username();

      @WithDefault("guest")
      String password();

      @WithDefault("/")
      String virtualHost();
    }
  }
}
