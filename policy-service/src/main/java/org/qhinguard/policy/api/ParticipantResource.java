package org.qhinguard.policy.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.policy.app.ParticipantAdministration;
import org.qhinguard.policy.config.PolicyConfig;
import org.qhinguard.policy.domain.Actor;
import org.qhinguard.policy.domain.HistoryEntry;
import org.qhinguard.policy.domain.MergePatch;
import org.qhinguard.policy.domain.PageOf;
import org.qhinguard.policy.domain.PolicyException;
import org.qhinguard.policy.domain.StatusAction;
import org.qhinguard.policy.domain.Versions;

/** The admin API of participants and their trust policies. */
@Path("/admin/v1/participants")
@Produces(MediaType.APPLICATION_JSON)
public class ParticipantResource {

  static final String ADMIN = "policy-admin";
  static final String AUDITOR = "policy-auditor";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String REASON = "Change-Reason";

  @Inject ParticipantAdministration admin;
  @Inject StrictJson json;
  @Inject SecurityIdentity identity;
  @Inject PolicyConfig config;

  @POST
  @RolesAllowed(ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  public Response register(String body, @HeaderParam(REASON) String reason, @Context UriInfo uri) {
    ParticipantInput in = json.read(body, ParticipantInput.class);
    if (in.id() == null) {
      throw PolicyException.invalid("id", "must not be null");
    }
    ParticipantSnapshot s =
        admin.register(
            in.id(),
            in.registration(),
            in.policy() == null ? null : in.policy().policy(),
            actor(reason));
    return Response.created(uri.getAbsolutePathBuilder().path(s.participantId()).build())
        .tag(etag(s))
        .entity(ParticipantView.of(s))
        .build();
  }

  @GET
  @RolesAllowed({ADMIN, AUDITOR})
  public PageOf<ParticipantView> list(
      @QueryParam("page") String page, @QueryParam("size") String size) {
    Paging p = Paging.of(page, size, config.admin());
    return admin.list(p.page(), p.size()).map(ParticipantView::of);
  }

  @GET
  @Path("{id}")
  @RolesAllowed({ADMIN, AUDITOR})
  public Response get(@PathParam("id") String id) {
    ParticipantSnapshot s = admin.get(id);
    return Response.ok(ParticipantView.of(s)).tag(etag(s)).build();
  }

  @PUT
  @Path("{id}")
  @RolesAllowed(ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  public Response replace(
      @PathParam("id") String id,
      String body,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(REASON) String reason) {
    ParticipantInput in = json.read(body, ParticipantInput.class);
    if (in.id() != null && !in.id().equals(id)) {
      throw PolicyException.invalid("id", "differs from the participant in the path");
    }
    if (in.policy() != null) {
      throw PolicyException.invalid(
          "policy", "is changed at /admin/v1/participants/" + id + "/policy");
    }
    ParticipantSnapshot s =
        admin.replaceRegistration(id, ifMatch, in.registration(), actor(reason));
    return Response.ok(ParticipantView.of(s)).tag(etag(s)).build();
  }

  @GET
  @Path("{id}/policy")
  @RolesAllowed({ADMIN, AUDITOR})
  public Response policy(@PathParam("id") String id) {
    ParticipantSnapshot s = admin.get(id);
    return Response.ok(PolicyDocument.of(s.policy())).tag(etag(s)).build();
  }

  @PUT
  @Path("{id}/policy")
  @RolesAllowed(ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  public Response replacePolicy(
      @PathParam("id") String id,
      String body,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(REASON) String reason) {
    PolicyDocument next = json.read(body, PolicyDocument.class);
    ParticipantSnapshot s =
        admin.changePolicy(id, ifMatch, current -> next.policy(), actor(reason));
    return Response.ok(PolicyDocument.of(s.policy())).tag(etag(s)).build();
  }

  /** JSON Merge Patch (RFC 7386) on the policy document; the result must be a valid policy. */
  @PATCH
  @Path("{id}/policy")
  @RolesAllowed(ADMIN)
  @Consumes(MERGE_PATCH)
  public Response patchPolicy(
      @PathParam("id") String id,
      String body,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(REASON) String reason) {
    JsonNode patch = json.tree(body);
    ParticipantSnapshot s =
        admin.changePolicy(
            id,
            ifMatch,
            current ->
                json.read(
                        MergePatch.apply(json.toTree(PolicyDocument.of(current)), patch),
                        PolicyDocument.class)
                    .policy(),
            actor(reason));
    return Response.ok(PolicyDocument.of(s.policy())).tag(etag(s)).build();
  }

  /** Suspend, reactivate or revoke (final). */
  @POST
  @Path("{id}/{action: suspend|reactivate|revoke}")
  @RolesAllowed(ADMIN)
  public Response changeStatus(
      @PathParam("id") String id,
      @PathParam("action") String action,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
      @HeaderParam(REASON) String reason) {
    StatusAction a = StatusAction.valueOf(action.toUpperCase(java.util.Locale.ROOT));
    ParticipantSnapshot s = admin.changeStatus(id, ifMatch, a, actor(reason));
    return Response.ok(ParticipantView.of(s)).tag(etag(s)).build();
  }

  @GET
  @Path("{id}/history")
  @RolesAllowed({ADMIN, AUDITOR})
  public PageOf<HistoryEntry> history(
      @PathParam("id") String id,
      @QueryParam("page") String page,
      @QueryParam("size") String size) {
    Paging p = Paging.of(page, size, config.admin());
    return admin.history(id, p.page(), p.size());
  }

  @GET
  @Path("{id}/versions/{version}")
  @RolesAllowed({ADMIN, AUDITOR})
  public Response version(@PathParam("id") String id, @PathParam("version") String version) {
    long v;
    try {
      v = Long.parseLong(version);
    } catch (NumberFormatException e) {
      throw PolicyException.invalid("version", "must be a whole number");
    }
    ParticipantSnapshot s = admin.version(id, v);
    return Response.ok(ParticipantView.of(s)).tag(etag(s)).build();
  }

  private Actor actor(String reason) {
    return new Actor(identity.getPrincipal().getName(), reason);
  }

  private static jakarta.ws.rs.core.EntityTag etag(ParticipantSnapshot s) {
    return jakarta.ws.rs.core.EntityTag.valueOf(Versions.etag(s.version()));
  }
}
