package org.qhinguard.common.smart;

/** A parsed SMART on FHIR scope: either a clinical data scope or a launch/identity scope. */
public sealed interface SmartScope permits ClinicalScope, SpecialScope {

  /** The canonical SMART v2 text of this scope. */
  String canonical();
}
