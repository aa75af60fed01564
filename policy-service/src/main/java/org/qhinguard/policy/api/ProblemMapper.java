package org.qhinguard.policy.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.qhinguard.policy.domain.PolicyException;
import org.qhinguard.policy.domain.Versions;

/** The one error mapping of policy-service: {@link PolicyException} to problem+json. */
@Provider
public class ProblemMapper implements ExceptionMapper<PolicyException> {

  public static final String PROBLEM_JSON = "application/problem+json";

  @Override
  public Response toResponse(PolicyException e) {
    PolicyException.Kind kind = e.kind();
    Response.ResponseBuilder r =
        Response.status(kind.status())
            .type(PROBLEM_JSON)
            .entity(
                new Problem(
                    "urn:qhinguard:problem:" + kind.slug(),
                    kind.title(),
                    kind.status(),
                    e.getMessage(),
                    e.errors()));
    if (e.currentVersion() != null) {
      r.header(HttpHeaders.ETAG, Versions.etag(e.currentVersion()));
    }
    return r.build();
  }
}
