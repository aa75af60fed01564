package org.qhinguard.policy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The settings of policy-service under {@code qg.}; every one has a default. */
@ConfigMapping(prefix = "qg")
public interface PolicyConfig {

  Bus bus();

  Outbox outbox();

  Admin admin();

  Authority authority();

  Redis redis();

  interface Authority {
    /** The token authority, whose JWKS verifies internal tokens. */
    @WithDefault("http://127.0.0.1:8081")
    String url();

    /** The {@code iss} of its tokens, when it differs from {@link #url()}. */
    Optional<String> issuer();
  }

  /**
   * policy-service keeps no data in Redis; the key prefix is accepted for the shared test setup.
   */
  interface Redis {
    Optional<String> keyPrefix();
  }

  interface Bus {
    /** The topic exchange every event goes to (ADR 0002). */
    @WithDefault("qhin-guard.events")
    String exchange();

    /** The CloudEvents {@code source} of the events this service emits. */
    @WithDefault("urn:qhinguard:policy-service")
    String source();

    /** Prefix of queue names; policy-service only publishes, so it declares no queue. */
    Optional<String> queuePrefix();
  }

  interface Outbox {
    /** How many outbox rows one relay run sends at most. */
    @WithDefault("100")
    int batchSize();

    /** How long the relay waits for the broker to confirm one event before giving up. */
    @WithDefault("5s")
    Duration sendTimeout();

    /** How often the relay runs (a Quarkus scheduler interval). */
    @WithDefault("1s")
    String relayEvery();

    /** How long after start the relay first runs. */
    @WithDefault("2s")
    String relayDelay();
  }

  interface Admin {
    /** Page size of lists when the caller gives none. */
    @WithDefault("20")
    int defaultPageSize();

    /** The largest page a caller may ask for. */
    @WithDefault("200")
    int maxPageSize();

    /** bcrypt cost of stored client secrets. */
    @WithDefault("12")
    int bcryptCost();
  }
}
