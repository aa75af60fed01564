package org.qhinguard.audit.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.hl7.fhir.r4.model.UriType;

/**
 * HAPI FHIR scans its model by reflection: the R4 classes this service builds and parses, with
 * their nested components, are kept for a native image.
 */
@RegisterForReflection(
    targets = {
      Bundle.class,
      AuditEvent.class,
      Coding.class,
      CodeableConcept.class,
      Reference.class,
      Identifier.class,
      Period.class,
      Meta.class,
      Narrative.class,
      Enumeration.class,
      UriType.class,
      StringType.class,
      InstantType.class,
      CodeType.class,
      BooleanType.class,
      UnsignedIntType.class
    })
final class NativeReflection {
  private NativeReflection() {}
}
