package org.qhinguard.authority.domain;

import java.util.Optional;
import org.jose4j.jwk.JsonWebKey;

/** Finds a verification key by kid; only ever the registered keys, never a header's URL. */
public interface KeyLookup {

  /**
   * The key with this kid, or empty. An unknown kid may refetch a JWKS URI, at most once per
   * rate-limit interval.
   */
  Optional<JsonWebKey> find(KeySet keySet, String kid);
}
