package org.qhinguard.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the running suite is and the secrets it was started with ({@code .suite/secrets.env},
 * written by {@code scripts/suite}).
 *
 * <p>System properties: {@code qg.e2e.facade|authority|policy|audit} are the base URLs the scenario
 * calls; {@code qg.e2e.audience} (default {@code facade + "/fhir"}) is the RFC 8707 resource it
 * asks tokens for and introspects with, i.e. the facade's {@code qg.facade.public-base-url}; {@code
 * qg.e2e.token-audience} (default {@code authority + "/oauth2/token"}) is the {@code aud} of its
 * client assertions. The secrets come from {@code qg.e2e.admin-client-id}, {@code
 * qg.e2e.admin-client-secret} and {@code qg.e2e.facade-client-secret} when set, otherwise from the
 * file {@code qg.e2e.secrets} (default {@code <state>/secrets.env}; keys {@code
 * QG_BOOTSTRAP_ADMIN_CLIENT_ID}, {@code QG_BOOTSTRAP_ADMIN_CLIENT_SECRET}, {@code
 * QG_SECRET_FACADE}).
 */
record Suite(
    String facade,
    String authority,
    String policy,
    String audit,
    String adminClientId,
    String adminSecret,
    String facadeClientId,
    String facadeSecret,
    String audience,
    String tokenAudience) {

  static Suite fromState(Path state) {
    String facade = prop("qg.e2e.facade", "http://127.0.0.1:8080");
    String authority = prop("qg.e2e.authority", "http://127.0.0.1:8081");
    String adminClientId = System.getProperty("qg.e2e.admin-client-id");
    String adminSecret = System.getProperty("qg.e2e.admin-client-secret");
    String facadeSecret = System.getProperty("qg.e2e.facade-client-secret");
    if (adminClientId == null || adminSecret == null || facadeSecret == null) {
      Map<String, String> env =
          secretsFile(Path.of(prop("qg.e2e.secrets", state.resolve("secrets.env").toString())));
      adminClientId =
          adminClientId != null ? adminClientId : env.get("QG_BOOTSTRAP_ADMIN_CLIENT_ID");
      adminSecret = adminSecret != null ? adminSecret : env.get("QG_BOOTSTRAP_ADMIN_CLIENT_SECRET");
      facadeSecret = facadeSecret != null ? facadeSecret : env.get("QG_SECRET_FACADE");
    }
    return new Suite(
        facade,
        authority,
        prop("qg.e2e.policy", "http://127.0.0.1:8082"),
        prop("qg.e2e.audit", "http://127.0.0.1:8083"),
        adminClientId,
        adminSecret,
        "fhir-facade",
        facadeSecret,
        prop("qg.e2e.audience", facade + "/fhir"),
        prop("qg.e2e.token-audience", authority + "/oauth2/token"));
  }

  private static Map<String, String> secretsFile(Path file) {
    Map<String, String> env = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "no " + file + ": start the suite with scripts/suite up (or set qg.e2e.secrets)", e);
    }
    return env;
  }

  private static String prop(String name, String fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  String tokenUrl() {
    return authority + "/oauth2/token";
  }

  String revokeUrl() {
    return authority + "/oauth2/revoke";
  }

  /** The audience of a client assertion at the revocation endpoint: its public URL. */
  String revokeAudience() {
    return tokenAudience.replaceFirst("/oauth2/token$", "/oauth2/revoke");
  }

  String introspectUrl() {
    return authority + "/oauth2/introspect";
  }

  /** Where the scenario calls the facade's FHIR API. */
  String fhirBase() {
    return facade + "/fhir";
  }
}
