package org.qhinguard.policy.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.qhinguard.common.policy.ParticipantKind;
import org.qhinguard.common.policy.ParticipantSnapshot.TokenIssuer;
import org.qhinguard.policy.domain.Registration;
import org.qhinguard.policy.domain.Registration.ClientRegistration;

/**
 * A participant as an administrator writes it. On POST {@code id} is required and {@code policy}
 * optional (absent: a policy that allows nothing); on PUT the policy is edited at {@code /policy}.
 */
@RegisterForReflection
public record ParticipantInput(
    @Pattern(regexp = ID, message = ID_MESSAGE) String id,
    @NotBlank @Size(max = 200) String displayName,
    @NotNull ParticipantKind kind,
    @Pattern(regexp = ID, message = ID_MESSAGE) String qhinId,
    @Size(max = 20) List<@NotNull @Valid IssuerInput> issuers,
    @Size(max = 50) List<@NotBlank @Size(max = 500) String> audiences,
    @Size(max = 50) List<@NotNull @Valid ClientInput> clients,
    @Valid PolicyDocument policy) {

  static final String ID = "[A-Za-z0-9][A-Za-z0-9._:-]{0,63}";
  static final String ID_MESSAGE = "1 to 64 letters, digits, '.', '_', ':' or '-'";

  @RegisterForReflection
  public record IssuerInput(
      @NotBlank @Size(max = 500) String issuer,
      @Size(max = 2000) String jwksUri,
      @Size(max = 32768) String jwks) {}

  @RegisterForReflection
  public record ClientInput(
      @NotBlank
          @Pattern(
              regexp = "[A-Za-z0-9._:-]{1,128}",
              message = "1 to 128 letters, digits, '.', '_', ':' or '-'")
          String clientId,
      @Size(max = 32768) String jwks,
      @Size(max = 2000) String jwksUri,
      @NotEmpty List<@NotBlank String> grantTypes,
      @NotEmpty List<@NotBlank String> authMethods,
      @Size(min = 16, max = 200) String clientSecret,
      @Size(max = 20) List<@NotBlank @Pattern(regexp = "[a-z][a-z0-9-]{0,63}") String> roles) {}

  public Registration registration() {
    return new Registration(
        displayName,
        kind,
        qhinId,
        issuers == null
            ? List.of()
            : issuers.stream()
                .map(i -> new TokenIssuer(i.issuer(), i.jwksUri(), i.jwks()))
                .toList(),
        audiences,
        clients == null
            ? List.of()
            : clients.stream()
                .map(
                    c ->
                        new ClientRegistration(
                            c.clientId(),
                            c.jwks(),
                            c.jwksUri(),
                            c.grantTypes(),
                            c.authMethods(),
                            c.clientSecret(),
                            c.roles()))
                .toList());
  }
}
