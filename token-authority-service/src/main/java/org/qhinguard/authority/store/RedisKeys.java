package org.qhinguard.authority.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.qhinguard.authority.config.RedisConfig;

/** Names every Redis key of the service under the configured prefix; user input is hashed. */
@ApplicationScoped
public class RedisKeys {

  private final String prefix;

  public RedisKeys(RedisConfig config) {
    this.prefix = config.keyPrefix();
  }

  public String key(String kind, String... parts) {
    return prefix + kind + ":" + sha256(String.join("\n", parts));
  }

  public String fixed(String name) {
    return prefix + name;
  }

  public static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
