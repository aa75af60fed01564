package org.qhinguard.audit.config;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.qhinguard.common.events.EventCodec;

/** Shared, thread-safe infrastructure: the clock and the codecs, each built once. */
public class Infrastructure {
  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  EventCodec eventCodec() {
    return new EventCodec();
  }

  /** FhirContext scans the R4 model on creation; one per application (HAPI's advice). */
  @Produces
  @Singleton
  FhirContext fhirContext() {
    return FhirContext.forR4Cached();
  }
}
