package org.qhinguard.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Isolates a {@code @QuarkusTest} run's data on the real PostgreSQL, Redis and RabbitMQ that the
 * {@code %test} profile points at (loopback, overridable by {@code QG_TEST_DB_URL}, {@code
 * QG_DB_USER}, {@code QG_REDIS_URL}, {@code QG_RABBITMQ_HOST}, ...): its own PostgreSQL schema
 * (dropped at the end), its own Redis key prefix, its own exchange and queue names, a random HTTP
 * port, and a freshly generated token-signing key. Under the {@code devservices} test profile the
 * connections are left to Quarkus Dev Services.
 */
public class BackingServices implements QuarkusTestResourceLifecycleManager {

  /** One id per JVM, so every app a module's tests start shares the same isolated data. */
  public static final String RUN_ID =
      "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);

  public static final String SCHEMA = "qg_" + RUN_ID;

  private String dbUrl;
  private String dbUser;
  private String dbPassword;
  private boolean database = true;

  @Override
  public void init(Map<String, String> initArgs) {
    database = !"false".equals(initArgs.getOrDefault("database", "true"));
  }

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>();
    config.put("quarkus.http.test-port", "0");
    config.put("qg.bus.exchange", "qg-" + RUN_ID + ".events");
    config.put("qg.bus.queue-prefix", "qg-" + RUN_ID + ".");
    config.put("qg.redis.key-prefix", "qgtest:" + RUN_ID + ":");
    config.putAll(TestTokens.verificationConfig());
    if (System.getProperty("quarkus.test.profile", "test").contains("devservices")) {
      return config; // Dev Services own the connections; they are fresh containers anyway.
    }
    if (database) {
      dbUrl = env("QG_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test");
      dbUser = env("QG_DB_USER", "postgres");
      dbPassword = env("QG_DB_PASSWORD", "");
      createSchema();
      String sep = dbUrl.contains("?") ? "&" : "?";
      config.put("quarkus.datasource.jdbc.url", dbUrl + sep + "currentSchema=" + SCHEMA);
      config.put("quarkus.datasource.username", dbUser);
      config.put("quarkus.datasource.password", dbPassword);
      config.put("quarkus.flyway.schemas", SCHEMA);
      config.put("quarkus.flyway.default-schema", SCHEMA);
    }
    return config;
  }

  @Override
  public void stop() {
    if (dbUrl != null) {
      execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  private void createSchema() {
    execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
  }

  private void execute(String sql) {
    try (Connection c = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at " + dbUrl + " is not usable for tests: " + e.getMessage(), e);
    }
  }

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
