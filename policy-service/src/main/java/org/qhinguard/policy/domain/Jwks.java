package org.qhinguard.policy.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.Set;

/** Checks of the key material a participant registers: public JWKS only, fetched over https. */
final class Jwks {
  private Jwks() {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  // RFC 7518 section 6: the private members of RSA, EC and symmetric keys.
  private static final Set<String> PRIVATE_MEMBERS =
      Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

  /** Why an inline JWKS is unacceptable, or empty when it is a set of public keys. */
  static Optional<String> problemWithInline(String jwks) {
    JsonNode node;
    try {
      node = MAPPER.readTree(jwks);
    } catch (JsonProcessingException e) {
      return Optional.of("is not JSON");
    }
    if (node == null || !node.isObject() || !node.path("keys").isArray()) {
      return Optional.of("must be a JWK Set: an object with a 'keys' array (RFC 7517 section 5)");
    }
    if (node.path("keys").isEmpty()) {
      return Optional.of("holds no keys");
    }
    for (JsonNode key : node.path("keys")) {
      if (!key.isObject() || !key.path("kty").isTextual()) {
        return Optional.of("every key needs a 'kty' (RFC 7517 section 4.1)");
      }
      for (String member : PRIVATE_MEMBERS) {
        if (key.has(member)) {
          return Optional.of(
              "holds private key material ('" + member + "'); register public keys only");
        }
      }
    }
    return Optional.empty();
  }

  /** Why a JWKS URI is unacceptable, or empty when it is an absolute https URI. */
  static Optional<String> problemWithUri(String uri) {
    try {
      URI u = new URI(uri);
      if (!"https".equals(u.getScheme()) || u.getHost() == null) {
        return Optional.of("must be an absolute https URI");
      }
      return Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.of("is not a URI");
    }
  }
}
