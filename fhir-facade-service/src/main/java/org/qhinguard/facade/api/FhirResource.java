package org.qhinguard.facade.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.qhinguard.facade.gateway.Capabilities;
import org.qhinguard.facade.gateway.FhirGateway;

/** The FHIR R4 REST API at {@code /fhir}: discovery here, everything else to the gateway. */
@Path(FhirResource.BASE)
public class FhirResource {
  static final String BASE = "/fhir";
  static final String FHIR_JSON = "application/fhir+json;charset=utf-8";

  private final FhirGateway gateway;
  private final Capabilities capabilities;

  public FhirResource(FhirGateway gateway, Capabilities capabilities) {
    this.gateway = gateway;
    this.capabilities = capabilities;
  }

  @GET
  @Path("metadata")
  public Uni<Response> metadata() {
    return capabilities.capabilityStatement().map(b -> Response.ok(b).type(FHIR_JSON).build());
  }

  @GET
  @Path(".well-known/smart-configuration")
  @Produces(MediaType.APPLICATION_JSON)
  public ObjectNode smartConfiguration() {
    return capabilities.smartConfiguration();
  }

  @GET
  @Path("{path: .*}")
  public Uni<Response> get(
      @Context HttpServerRequest req, @HeaderParam("Authorization") String auth) {
    return relay(req, auth, null);
  }

  @DELETE
  @Path("{path: .*}")
  public Uni<Response> delete(
      @Context HttpServerRequest req, @HeaderParam("Authorization") String auth) {
    return relay(req, auth, null);
  }

  @POST
  @Path("{path: .*}")
  public Uni<Response> post(
      @Context HttpServerRequest req, @HeaderParam("Authorization") String auth, byte[] body) {
    return relay(req, auth, body);
  }

  @PUT
  @Path("{path: .*}")
  public Uni<Response> put(
      @Context HttpServerRequest req, @HeaderParam("Authorization") String auth, byte[] body) {
    return relay(req, auth, body);
  }

  @PATCH
  @Path("{path: .*}")
  public Uni<Response> patch(
      @Context HttpServerRequest req, @HeaderParam("Authorization") String auth, byte[] body) {
    return relay(req, auth, body);
  }

  private Uni<Response> relay(HttpServerRequest req, String auth, byte[] body) {
    String path = req.path();
    String below = path.length() <= BASE.length() ? "" : path.substring(BASE.length() + 1);
    return gateway
        .handle(
            auth,
            req.getHeader("Accept"),
            req.method().name(),
            below,
            req.query(),
            body,
            req.getHeader("Content-Type"))
        .map(
            reply -> {
              Response.ResponseBuilder rb = Response.status(reply.status());
              if (reply.body().length > 0) {
                rb.entity(reply.body());
              }
              reply.headers().forEach(rb::header);
              return rb.build();
            });
  }
}
