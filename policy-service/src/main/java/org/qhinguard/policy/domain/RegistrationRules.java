package org.qhinguard.policy.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.qhinguard.common.policy.ParticipantSnapshot.TokenIssuer;
import org.qhinguard.policy.domain.PolicyException.FieldError;
import org.qhinguard.policy.domain.Registration.ClientRegistration;

/** What makes a registration acceptable beyond its syntax. */
public final class RegistrationRules {
  private RegistrationRules() {}

  public static final Set<String> GRANT_TYPES =
      Set.of("client_credentials", "authorization_code", "refresh_token");
  public static final String PRIVATE_KEY_JWT = "private_key_jwt";
  public static final String CLIENT_SECRET_BASIC = "client_secret_basic";
  public static final Set<String> AUTH_METHODS = Set.of(PRIVATE_KEY_JWT, CLIENT_SECRET_BASIC);

  /**
   * @param hasStoredSecret whether a client of that id already has a stored secret hash
   */
  public static List<FieldError> check(
      Registration r, java.util.function.Predicate<String> hasStoredSecret) {
    List<FieldError> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < r.issuers().size(); i++) {
      TokenIssuer issuer = r.issuers().get(i);
      String f = "issuers[" + i + "]";
      if (!seen.add(issuer.issuer())) {
        errors.add(new FieldError(f + ".issuer", "listed twice"));
      }
      keys(errors, f, issuer.jwks(), issuer.jwksUri(), true);
    }
    seen.clear();
    for (int i = 0; i < r.audiences().size(); i++) {
      if (!seen.add(r.audiences().get(i))) {
        errors.add(new FieldError("audiences[" + i + "]", "listed twice"));
      }
    }
    seen.clear();
    for (int i = 0; i < r.clients().size(); i++) {
      ClientRegistration c = r.clients().get(i);
      String f = "clients[" + i + "]";
      if (!seen.add(c.clientId())) {
        errors.add(new FieldError(f + ".clientId", "listed twice"));
      }
      for (String g : c.grantTypes()) {
        if (!GRANT_TYPES.contains(g)) {
          errors.add(new FieldError(f + ".grantTypes", "unknown grant type '" + g + "'"));
        }
      }
      for (String m : c.authMethods()) {
        if (!AUTH_METHODS.contains(m)) {
          errors.add(new FieldError(f + ".authMethods", "unknown auth method '" + m + "'"));
        }
      }
      if (c.authMethods().contains(PRIVATE_KEY_JWT)) {
        keys(errors, f, c.jwks(), c.jwksUri(), true);
      } else {
        keys(errors, f, c.jwks(), c.jwksUri(), false);
      }
      boolean secretAllowed = c.authMethods().contains(CLIENT_SECRET_BASIC);
      if (secretAllowed && c.clientSecret() == null && !hasStoredSecret.test(c.clientId())) {
        errors.add(new FieldError(f + ".clientSecret", "required for client_secret_basic"));
      }
      if (!secretAllowed && c.clientSecret() != null) {
        errors.add(
            new FieldError(f + ".clientSecret", "only for a client with client_secret_basic"));
      }
    }
    return errors;
  }

  private static void keys(
      List<FieldError> errors, String field, String jwks, String jwksUri, boolean required) {
    if (jwks != null && jwksUri != null) {
      errors.add(new FieldError(field, "give jwks or jwksUri, not both"));
    } else if (jwks == null && jwksUri == null) {
      if (required) {
        errors.add(new FieldError(field, "jwks or jwksUri is required"));
      }
    } else if (jwks != null) {
      Jwks.problemWithInline(jwks).ifPresent(p -> errors.add(new FieldError(field + ".jwks", p)));
    } else {
      Jwks.problemWithUri(jwksUri)
          .ifPresent(p -> errors.add(new FieldError(field + ".jwksUri", p)));
    }
  }
}
