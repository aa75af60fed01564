package org.qhinguard.common.smart;

import java.util.Optional;

/**
 * The non-clinical scopes SMART defines (SMART App Launch 2.x, section 3.0): they grant no FHIR
 * data by themselves, they ask for identity, launch context or refresh tokens.
 */
public enum SpecialScope implements SmartScope {
  OPENID("openid"),
  FHIR_USER("fhirUser"),
  PROFILE("profile"),
  LAUNCH("launch"),
  LAUNCH_PATIENT("launch/patient"),
  LAUNCH_ENCOUNTER("launch/encounter"),
  OFFLINE_ACCESS("offline_access"),
  ONLINE_ACCESS("online_access");

  private final String text;

  SpecialScope(String text) {
    this.text = text;
  }

  @Override
  public String canonical() {
    return text;
  }

  /** Whether a backend (client_credentials) client may be granted this scope at all. */
  public boolean grantableToBackendClient() {
    // SMART Backend Services, section 4: no user and no launch, so no identity or launch scopes,
    // and client_credentials never yields a refresh token.
    return false;
  }

  public static Optional<SpecialScope> fromText(String text) {
    for (SpecialScope s : values()) {
      if (s.text.equals(text)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
