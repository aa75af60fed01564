package org.qhinguard.authority.domain;

/** A token or assertion that is not a well-formed compact JWS with JSON object parts. */
public final class MalformedTokenException extends Exception {
  public MalformedTokenException(String message) {
    super(message);
  }
}
