package org.qhinguard.facade.authority;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The token authority's OAuth endpoints; base URL {@code qg.authority.url}. */
@RegisterRestClient(configKey = "token-authority")
@Path("/oauth2")
public interface AuthorityRestClient {

  @POST
  @Path("/introspect")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.APPLICATION_JSON)
  Uni<Introspection> introspect(
      @HeaderParam("Authorization") String basic,
      @FormParam("token") String token,
      @FormParam("resource") String resource);

  @POST
  @Path("/token")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.APPLICATION_JSON)
  Uni<JsonNode> token(
      @HeaderParam("Authorization") String basic, @FormParam("grant_type") String grantType);
}
