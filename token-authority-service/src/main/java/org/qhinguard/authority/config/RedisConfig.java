package org.qhinguard.authority.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every Redis key of this service starts with the prefix (tests use one per run). */
@ConfigMapping(prefix = "qg.redis")
public interface RedisConfig {

  @WithDefault("qg:authority:")
  String keyPrefix();
}
