package org.qhinguard.authority.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The suite's own clients (ADR 0002): the bootstrap admin and the service clients, from a
 * Kubernetes Secret. A client without a secret cannot authenticate.
 */
@ConfigMapping(prefix = "qg.bootstrap")
public interface BootstrapConfig {

  Admin admin();

  Map<String, ServiceClient> clients();

  interface Admin {
    @WithDefault("qg-admin")
    String clientId();

    Optional<String> clientSecret();

    @WithDefault("policy-admin,policy-auditor,audit-reader,authority-admin")
    List<String> roles();
  }

  interface ServiceClient {
    Optional<String> secret();

    @WithDefault("policy-reader")
    List<String> roles();

    /**
     * The audiences this suite resource server (e.g. the FHIR facade) may introspect for; when
     * absent, any audience policy-service registers to an active participant.
     */
    Optional<List<String>> audiences();
  }
}
