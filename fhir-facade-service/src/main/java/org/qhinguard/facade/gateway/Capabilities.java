package org.qhinguard.facade.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.qhinguard.facade.access.FacadeException;
import org.qhinguard.facade.config.FacadeConfig;
import org.qhinguard.facade.upstream.FhirUpstream;

/**
 * The facade's own discovery documents: the upstream's CapabilityStatement with the SMART security
 * extension (SMART App Launch 2.x, section 6.2, oauth-uris), and {@code
 * .well-known/smart-configuration} pointing at the token authority.
 */
@ApplicationScoped
public class Capabilities {
  private static final Duration REFRESH = Duration.ofMinutes(5);

  private final FhirUpstream upstream;
  private final String publicBase;
  private final String authority;
  private final ObjectMapper json = JsonMapper.builder().build();
  private final AtomicReference<Cached> cached = new AtomicReference<>();

  private record Cached(byte[] body, Instant at) {}

  public Capabilities(
      FhirUpstream upstream,
      FacadeConfig config,
      @ConfigProperty(name = "qg.authority.public-url", defaultValue = "${qg.authority.url}")
          String authority) {
    this.upstream = upstream;
    this.publicBase = config.publicBaseUrl().replaceAll("/+$", "");
    this.authority = authority.replaceAll("/+$", "");
  }

  public Uni<byte[]> capabilityStatement() {
    Cached c = cached.get();
    if (c != null && Instant.now().isBefore(c.at().plus(REFRESH))) {
      return Uni.createFrom().item(c.body());
    }
    return upstream
        .send("GET", "metadata", null, null)
        .map(
            a -> {
              if (a.status() != 200) {
                throw FacadeException.badGateway(
                    "the upstream answered " + a.status() + " for metadata");
              }
              try {
                JsonNode node = json.readTree(a.body());
                if (!(node instanceof ObjectNode cs)
                    || !"CapabilityStatement".equals(cs.path("resourceType").asText())) {
                  throw FacadeException.badGateway(
                      "the upstream metadata is not a CapabilityStatement");
                }
                byte[] body = json.writeValueAsBytes(withSmart(cs));
                cached.set(new Cached(body, Instant.now()));
                return body;
              } catch (IOException e) {
                throw FacadeException.badGateway("the upstream metadata is not JSON");
              }
            });
  }

  private ObjectNode withSmart(ObjectNode cs) {
    cs.putObject("implementation")
        .put("description", "qhin-guard FHIR facade")
        .put("url", publicBase);
    ArrayNode formats = cs.putArray("format");
    formats.add("json");
    JsonNode rest = cs.path("rest");
    if (!rest.isArray() || rest.isEmpty()) {
      cs.putArray("rest").addObject().put("mode", "server");
      rest = cs.get("rest");
    }
    ObjectNode security = ((ObjectNode) rest.get(0)).putObject("security");
    security.put("cors", false);
    security
        .putArray("service")
        .addObject()
        .putArray("coding")
        .addObject()
        .put("system", "http://terminology.hl7.org/CodeSystem/restful-security-service")
        .put("code", "SMART-on-FHIR");
    ObjectNode oauth =
        security
            .putArray("extension")
            .addObject()
            .put("url", "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
    ArrayNode uris = oauth.putArray("extension");
    uris.addObject().put("url", "token").put("valueUri", authority + "/oauth2/token");
    uris.addObject().put("url", "introspect").put("valueUri", authority + "/oauth2/introspect");
    return cs;
  }

  /** SMART App Launch 2.x, section 2.6 (well-known discovery), for backend services. */
  public ObjectNode smartConfiguration() {
    ObjectNode c = json.createObjectNode();
    c.put("issuer", authority);
    c.put("jwks_uri", authority + "/.well-known/jwks.json");
    c.put("token_endpoint", authority + "/oauth2/token");
    c.put("introspection_endpoint", authority + "/oauth2/introspect");
    c.putArray("grant_types_supported").add("client_credentials");
    c.putArray("token_endpoint_auth_methods_supported")
        .add("private_key_jwt")
        .add("client_secret_basic");
    c.putArray("token_endpoint_auth_signing_alg_values_supported").add("RS384").add("ES384");
    c.putArray("scopes_supported").add("system/*.rs").add("user/*.rs").add("patient/*.rs");
    c.putArray("capabilities")
        .add("client-confidential-asymmetric")
        .add("permission-v1")
        .add("permission-v2")
        .add("permission-patient")
        .add("permission-user");
    return c;
  }
}
