package org.qhinguard.authority.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.qhinguard.authority.config.AuthorityConfig;

/**
 * The baseline of bench/introspection: the cheapest possible REST answer of this very process.
 * Answers 404 unless {@code qg.authority.bench-endpoint=true}.
 */
@Path("/bench/noop")
public class BenchResource {

  private final boolean enabled;

  public BenchResource(AuthorityConfig config) {
    this.enabled = config.benchEndpoint();
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response noop() {
    return enabled
        ? Response.ok("{\"active\":false}").build()
        : Response.status(Response.Status.NOT_FOUND).build();
  }
}
