package org.qhinguard.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.security.RolesAllowed;
import org.junit.jupiter.api.Test;

class BearerRefusalTest {

  @RolesAllowed("reader")
  static class Resource {
    @RolesAllowed({"admin", "auditor"})
    public void own() {}

    public void inherited() {}
  }

  static class Open {
    public void any() {}
  }

  @Test
  void namesTheMethodsRolesBeforeTheClasss() throws Exception {
    assertThat(BearerRefusal.forbiddenDetail(Resource.class.getMethod("own"), Resource.class))
        .isEqualTo("this operation requires the role admin or auditor in the token's groups");
    assertThat(BearerRefusal.forbiddenDetail(Resource.class.getMethod("inherited"), Resource.class))
        .isEqualTo("this operation requires the role reader in the token's groups");
  }

  @Test
  void saysSoWithoutNamingARoleWhenNoneIsDeclared() throws Exception {
    assertThat(BearerRefusal.forbiddenDetail(Open.class.getMethod("any"), Open.class))
        .isEqualTo("the token does not carry a role this operation requires");
    assertThat(BearerRefusal.forbiddenDetail(null, null))
        .isEqualTo("the token does not carry a role this operation requires");
  }
}
