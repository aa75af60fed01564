package org.qhinguard.authority.domain;

/**
 * Where the verification keys of an issuer or a client are: inline JWKS JSON or a JWKS URI,
 * registered in policy-service. {@code owner} names it in caches and logs.
 */
public record KeySet(String owner, String jwks, String jwksUri) {}
