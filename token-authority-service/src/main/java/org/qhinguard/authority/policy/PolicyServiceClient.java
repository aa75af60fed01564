package org.qhinguard.authority.policy;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.qhinguard.authority.domain.Decision;
import org.qhinguard.authority.domain.DecisionRequest;
import org.qhinguard.common.policy.ParticipantSnapshot;

/** policy-service as ADR 0002 describes it; 404 (no such participant) arrives as an exception. */
@RegisterRestClient(configKey = "policy-service")
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface PolicyServiceClient {

  @GET
  @Path("/snapshots/participants/{participantId}")
  ParticipantSnapshot participant(
      @HeaderParam("Authorization") String bearer,
      @PathParam("participantId") String participantId);

  @GET
  @Path("/snapshots/issuers")
  ParticipantSnapshot issuer(
      @HeaderParam("Authorization") String bearer, @QueryParam("iss") String iss);

  @GET
  @Path("/snapshots/clients/{clientId}")
  ParticipantSnapshot client(
      @HeaderParam("Authorization") String bearer, @PathParam("clientId") String clientId);

  @GET
  @Path("/snapshots/audiences")
  ParticipantSnapshot audience(
      @HeaderParam("Authorization") String bearer, @QueryParam("aud") String aud);

  @POST
  @Path("/decisions")
  @Consumes(MediaType.APPLICATION_JSON)
  Decision decide(@HeaderParam("Authorization") String bearer, DecisionRequest request);
}
