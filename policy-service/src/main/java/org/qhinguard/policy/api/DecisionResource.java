package org.qhinguard.policy.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.qhinguard.policy.app.Decisions;
import org.qhinguard.policy.domain.Decision;

/** The central scope decision point, for the token authority and the FHIR facade. */
@Path("/v1/decisions")
public class DecisionResource {

  @Inject Decisions decisions;
  @Inject StrictJson json;

  @POST
  @RolesAllowed("policy-reader")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Decision decide(String body) {
    return decisions.decide(json.read(body, DecisionInput.class).request());
  }
}
