package org.qhinguard.policy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The settings of policy-service under {@code qg.}; every one has a default. */
@ConfigMapping(prefix = "qg")
public interface PolicyConfig {

  Bus bus();

  Outbox outbox();

  Admin admin();

  interface Bus {
    /** The topic exchange every event goes to (ADR 0002). */
    @WithDefault("qhin-guard.events")
    String exchange();

    /** The CloudEvents {@code source} of the events this service emits. */
    @WithDefault("urn:qhinguard:policy-service")
    String source();
  }

  interface Outbox {
    /** How many outbox rows one relay run sends at most. */
    @WithDefault("100")
    int batchSize();

    /** How long the relay waits for the broker to confirm one event before giving up. */
    @WithDefault("5s")
    Duration sendTimeout();
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
