package org.qhinguard.facade.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The facade's settings ({@code qg.facade.*}); every one can be overridden by environment. */
@ConfigMapping(prefix = "qg.facade")
public interface FacadeConfig {

  /** The FHIR base URL partners use, e.g. {@code https://fhir.example.org/fhir}. */
  @WithDefault("http://127.0.0.1:8080/fhir")
  String publicBaseUrl();

  /** The audience (RFC 8707 resource) tokens must be issued for; the public base URL by default. */
  Optional<String> audience();

  /** The facade's own client at the token authority (introspection, service tokens). */
  @WithDefault("fhir-facade")
  String clientId();

  /** Its client_secret_basic secret; from a Kubernetes Secret, never committed. */
  Optional<String> clientSecret();

  Upstream upstream();

  Introspection introspection();

  Policy policy();

  RateLimit rateLimit();

  Audit audit();

  interface Upstream {
    /** The FHIR base URL of the upstream server. */
    @WithDefault("http://127.0.0.1:8090/fhir")
    String url();

    @WithDefault("2s")
    Duration connectTimeout();

    /** Longer than this without an answer is a 504. */
    @WithDefault("15s")
    Duration timeout();

    /** Pooled keep-alive connections to the upstream. */
    @WithDefault("64")
    int maxConnections();

    /** Larger upstream bodies are refused (502): the facade filters every response it relays. */
    @WithDefault("33554432")
    int maxBodyBytes();
  }

  interface Introspection {
    /** A cached introspection is dropped at the token's exp or after this, whichever is sooner. */
    @WithDefault("5m")
    Duration maxCacheAge();

    /** How long an inactive answer is remembered, so a flood of bad tokens stays cheap. */
    @WithDefault("10s")
    Duration inactiveCacheAge();

    @WithDefault("20000")
    int maxEntries();

    @WithDefault("3s")
    Duration timeout();
  }

  interface Policy {
    /** The longest a participant snapshot is used without a fresh fetch. */
    @WithDefault("5m")
    Duration maxAge();

    @WithDefault("3s")
    Duration timeout();
  }

  interface RateLimit {
    /** For a participant whose trust policy names no rate limit. */
    @WithDefault("600")
    int defaultPerMinute();

    @WithDefault("60")
    int defaultBurst();
  }

  interface Audit {
    /** Events waiting for the broker; when full the oldest is dropped and counted. */
    @WithDefault("10000")
    int bufferSize();

    @WithDefault("64")
    int maxInFlight();

    @WithDefault("500ms")
    Duration retryInitial();

    @WithDefault("30s")
    Duration retryMax();
  }

  default String effectiveAudience() {
    return audience().orElse(publicBaseUrl());
  }
}
