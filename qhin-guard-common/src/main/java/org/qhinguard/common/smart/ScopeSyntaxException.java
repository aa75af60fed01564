package org.qhinguard.common.smart;

/** A scope string that is not a valid SMART v1 or v2 scope; the message says why. */
public final class ScopeSyntaxException extends IllegalArgumentException {
  private final String scope;

  public ScopeSyntaxException(String scope, String reason) {
    super(reason);
    this.scope = scope;
  }

  public String scope() {
    return scope;
  }
}
