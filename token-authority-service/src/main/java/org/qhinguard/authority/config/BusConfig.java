package org.qhinguard.authority.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The bus topology of ADR 0002: one topic exchange, routing key = CloudEvents type. */
@ConfigMapping(prefix = "qg.bus")
public interface BusConfig {

  @WithDefault("qhin-guard.events")
  String exchange();

  /** Prefixes this service's queue names (tests use one per run). */
  Optional<String> queuePrefix();
}
