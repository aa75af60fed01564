package org.qhinguard.testing;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.ValidatableResponse;

/**
 * What every service answers when an internal bearer token is missing, invalid or lacks a role: RFC
 * 9457 problem+json with the RFC 6750 challenge. One place for the services' tests to check it.
 */
public final class AuthProblems {
  private AuthProblems() {}

  public static final String PROBLEM_JSON = "application/problem+json";

  /** 401 without a (bearer) token: the challenge names no error (RFC 6750 section 3.1). */
  public static ValidatableResponse noToken(ValidatableResponse r) {
    return unauthorized(r, "Bearer");
  }

  /** 401 for a token that was presented and failed verification. */
  public static ValidatableResponse invalidToken(ValidatableResponse r) {
    return unauthorized(r, "Bearer error=\"invalid_token\"");
  }

  /** 403 naming the role the endpoint requires. */
  public static ValidatableResponse missingRole(ValidatableResponse r, String role) {
    return r.statusCode(403)
        .contentType(PROBLEM_JSON)
        .body("title", equalTo("Forbidden"))
        .body("status", equalTo(403))
        .body("detail", containsString(role));
  }

  private static ValidatableResponse unauthorized(ValidatableResponse r, String challenge) {
    return r.statusCode(401)
        .contentType(PROBLEM_JSON)
        .header("WWW-Authenticate", equalTo(challenge))
        .body("title", equalTo("Unauthorized"))
        .body("status", equalTo(401))
        .body("detail", containsString("valid bearer token from the token authority"));
  }
}
