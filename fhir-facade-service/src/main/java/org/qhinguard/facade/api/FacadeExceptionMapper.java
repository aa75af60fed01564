package org.qhinguard.facade.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.qhinguard.facade.access.FacadeException;

/** Every refusal and failure as a FHIR OperationOutcome (FHIR R4 3.1.0.4.1). */
public class FacadeExceptionMapper {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  @ServerExceptionMapper
  public Response map(FacadeException e) {
    ObjectNode oo = JSON.createObjectNode().put("resourceType", "OperationOutcome");
    oo.putArray("issue")
        .addObject()
        .put("severity", e.status() >= 500 ? "fatal" : "error")
        .put("code", e.issueCode())
        .put("diagnostics", e.reason());
    Response.ResponseBuilder rb =
        Response.status(e.status()).type(FhirResource.FHIR_JSON).entity(oo.toString());
    e.headers().forEach(rb::header);
    return rb.build();
  }
}
