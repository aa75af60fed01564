package org.qhinguard.facade.policy;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.qhinguard.common.policy.ParticipantSnapshot;

/** policy-service's snapshot endpoint; base URL {@code qg.policy.url}. */
@RegisterRestClient(configKey = "policy-service")
@Path("/v1/snapshots")
public interface PolicyRestClient {

  @GET
  @Path("/participants/{participantId}")
  @Produces(MediaType.APPLICATION_JSON)
  Uni<ParticipantSnapshot> participant(
      @HeaderParam("Authorization") String bearer, @PathParam("participantId") String id);
}
