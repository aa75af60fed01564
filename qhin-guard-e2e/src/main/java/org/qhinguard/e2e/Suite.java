package org.qhinguard.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the running suite is and the secrets it was started with ({@code .suite/secrets.env},
 * written by {@code scripts/suite}).
 */
record Suite(
    String facade,
    String authority,
    String policy,
    String audit,
    String adminClientId,
    String adminSecret,
    String facadeClientId,
    String facadeSecret) {

  static Suite fromState(Path state) {
    Map<String, String> env = new HashMap<>();
    try {
      for (String line : Files.readAllLines(state.resolve("secrets.env"))) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          env.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "no " + state.resolve("secrets.env") + ": start the suite with scripts/suite up", e);
    }
    return new Suite(
        prop("qg.e2e.facade", "http://127.0.0.1:8080"),
        prop("qg.e2e.authority", "http://127.0.0.1:8081"),
        prop("qg.e2e.policy", "http://127.0.0.1:8082"),
        prop("qg.e2e.audit", "http://127.0.0.1:8083"),
        env.get("QG_BOOTSTRAP_ADMIN_CLIENT_ID"),
        env.get("QG_BOOTSTRAP_ADMIN_CLIENT_SECRET"),
        "fhir-facade",
        env.get("QG_SECRET_FACADE"));
  }

  private static String prop(String name, String fallback) {
    return System.getProperty(name, fallback);
  }

  String tokenUrl() {
    return authority + "/oauth2/token";
  }

  String introspectUrl() {
    return authority + "/oauth2/introspect";
  }

  String fhirBase() {
    return facade + "/fhir";
  }
}
