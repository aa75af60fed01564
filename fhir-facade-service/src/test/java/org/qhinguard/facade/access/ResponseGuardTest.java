package org.qhinguard.facade.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qhinguard.facade.access.AccessPolicyTest.JSON;
import static org.qhinguard.facade.access.AccessPolicyTest.POLICY;
import static org.qhinguard.facade.access.AccessPolicyTest.grant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseGuardTest {
  private final ResponseGuard guard = new ResponseGuard(POLICY);

  private static ObjectNode patient() throws Exception {
    return (ObjectNode)
        JSON.readTree(
            "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"female\","
                + "\"birthDate\":\"1970-01-01\"}");
  }

  @Test
  void aVisibleResourceWithNothingToMinimizeIsReportedUnmodified() throws Exception {
    ObjectNode body = patient();
    ResponseGuard.Result r =
        guard.filter(
            grant("p1", "patient/Patient.rs"), Minimization.none(), body, "http://u", "http://f");
    assertThat(r.modified()).isFalse();
    assertThat(body).isEqualTo(patient());
  }

  @Test
  void aMinimizedResourceIsReportedModified() throws Exception {
    Minimization m =
        Minimization.forPurpose(
            Map.of("Patient", Map.of("T-TRTMNT", List.of("gender"))), "T-TRTMNT");
    ObjectNode body = patient();
    ResponseGuard.Result r =
        guard.filter(grant("p1", "patient/Patient.rs"), m, body, "http://u", "http://f");
    assertThat(r.modified()).isTrue();
    assertThat(body.has("birthDate")).isFalse();
  }

  @Test
  void aBundleIsAlwaysReportedModifiedForItsRewrittenUrls() throws Exception {
    ObjectNode bundle =
        (ObjectNode)
            JSON.readTree(
                "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"fullUrl\":"
                    + "\"http://u/Patient/p1\",\"resource\":{\"resourceType\":\"Patient\","
                    + "\"id\":\"p1\"}}]}");
    ResponseGuard.Result r =
        guard.filter(
            grant("p1", "patient/Patient.rs"), Minimization.none(), bundle, "http://u", "http://f");
    assertThat(r.modified()).isTrue();
    assertThat(bundle.at("/entry/0/fullUrl").asText()).isEqualTo("http://f/Patient/p1");
  }
}
