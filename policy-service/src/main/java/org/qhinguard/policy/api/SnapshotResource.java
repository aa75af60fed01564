package org.qhinguard.policy.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.policy.app.Snapshots;
import org.qhinguard.policy.domain.Versions;

/** Snapshots for the caches of the other services; the ETag is the policy version (ADR 0002). */
@Path("/v1/snapshots")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("policy-reader")
public class SnapshotResource {

  @Inject Snapshots snapshots;

  @GET
  @Path("participants/{id}")
  public Response participant(@PathParam("id") String id, @Context Request request) {
    return answer(snapshots.byParticipant(id), request);
  }

  @GET
  @Path("issuers")
  public Response issuer(@QueryParam("iss") String iss, @Context Request request) {
    return answer(snapshots.byIssuer(iss), request);
  }

  @GET
  @Path("clients/{clientId}")
  public Response client(@PathParam("clientId") String clientId, @Context Request request) {
    return answer(snapshots.byClient(clientId), request);
  }

  @GET
  @Path("audiences")
  public Response audience(@QueryParam("aud") String aud, @Context Request request) {
    return answer(snapshots.byAudience(aud), request);
  }

  private static Response answer(ParticipantSnapshot s, Request request) {
    EntityTag tag = EntityTag.valueOf(Versions.etag(s.version()));
    Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
    return notModified != null ? notModified.build() : Response.ok(s).tag(tag).build();
  }
}
