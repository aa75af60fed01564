package org.qhinguard.common.security;

import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.Method;

/**
 * What every service says when an internal bearer token is missing, invalid or lacks a role: the
 * RFC 6750 section 3 challenges and the problem details' wording, so the suite's APIs agree.
 */
public final class BearerRefusal {
  private BearerRefusal() {}

  /** No token, or not a bearer one: a challenge without an error code (RFC 6750 section 3.1). */
  public static final String CHALLENGE = "Bearer";

  /** A token was presented and failed verification. */
  public static final String INVALID_TOKEN_CHALLENGE = "Bearer error=\"invalid_token\"";

  public static final String TOKEN_REQUIRED =
      "a valid bearer token from the token authority is required";

  public static final String TOKEN_INVALID = TOKEN_REQUIRED + "; the token presented is not valid";

  /** The 403 detail, naming the endpoint's roles ({@link RolesAllowed}) when known. */
  public static String forbiddenDetail(Method method, Class<?> resourceClass) {
    String roles = requiredRoles(method, resourceClass);
    return roles == null
        ? "the token does not carry a role this operation requires"
        : "this operation requires the role " + roles + " in the token's groups";
  }

  /** The roles of the method's {@link RolesAllowed}, else its class's, "a or b"; null if none. */
  static String requiredRoles(Method method, Class<?> resourceClass) {
    if (method == null) {
      return null;
    }
    RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
    if (allowed == null && resourceClass != null) {
      allowed = resourceClass.getAnnotation(RolesAllowed.class);
    }
    return allowed == null || allowed.value().length == 0
        ? null
        : String.join(" or ", allowed.value());
  }
}
