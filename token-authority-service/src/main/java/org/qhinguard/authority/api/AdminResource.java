package org.qhinguard.authority.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;
import org.qhinguard.authority.domain.AuthorityException;
import org.qhinguard.authority.service.RevocationService;
import org.qhinguard.authority.service.SigningKeys;

/** Administration of the authority itself: key rotation and revocation by jti. */
@Path("/admin")
@RolesAllowed("authority-admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

  /** A token id to revoke, until the token's expiry. */
  @RegisterForReflection
  public record RevocationRequest(String jti, Instant expiresAt, String clientId) {}

  private final SigningKeys keys;
  private final RevocationService revocation;
  private final SecurityIdentity identity;

  public AdminResource(SigningKeys keys, RevocationService revocation, SecurityIdentity identity) {
    this.keys = keys;
    this.revocation = revocation;
    this.identity = identity;
  }

  @POST
  @Path("/keys/rotate")
  public Map<String, String> rotate() {
    return Map.of("kid", keys.rotate());
  }

  @POST
  @Path("/revocations")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response revoke(RevocationRequest request) {
    if (request == null || request.jti() == null || request.jti().isBlank()) {
      throw AuthorityException.invalidRequest("jti is required");
    }
    if (request.expiresAt() == null || !request.expiresAt().isAfter(Instant.now())) {
      throw AuthorityException.invalidRequest("expiresAt must be in the future");
    }
    revocation.revoke(
        request.jti(), request.expiresAt(), identity.getPrincipal().getName(), request.clientId());
    return Response.noContent().build();
  }
}
