package org.qhinguard.facade.authority;

import io.smallrye.mutiny.Uni;

/** The token authority as the facade needs it (docs/adr/0002, section Introspection). */
public interface TokenAuthority {

  /** RFC 7662 introspection of a partner's token for the facade's audience. */
  Uni<Introspection> introspect(String token, String resource);

  /** An internal token of the facade's own client (client_credentials) for calling the suite. */
  Uni<String> serviceToken();
}
