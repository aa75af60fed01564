package org.qhinguard.fhirupstream;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A deterministic synthetic data set: the same arguments always give the same resources, ids and
 * values, so tests and benchmarks can name them. Patient {@code pat-0007} has Observations {@code
 * obs-0007-lab-1}, {@code obs-0007-lab-2}, {@code obs-0007-vs-1} ... {@code obs-0007-vs-N},
 * Conditions {@code cond-0007-1..}, MedicationRequests {@code medrx-0007-1..} and Encounters {@code
 * enc-0007-1..}. The first laboratory Observation of each patient has a {@code focus} on the next
 * patient.
 */
public final class SyntheticData {
  private SyntheticData() {}

  public static final String LOINC = "http://loinc.org";
  public static final String SNOMED = "http://snomed.info/sct";
  public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
  public static final String OBS_CATEGORY =
      "http://terminology.hl7.org/CodeSystem/observation-category";

  private static final String[] GIVEN = {"Ada", "Ben", "Chen", "Dara", "Eli", "Fay", "Gus", "Hana"};
  private static final String[] FAMILY = {"Okafor", "Silva", "Nguyen", "Kowalski", "Haddad"};
  private static final String[][] LABS = {
    {"2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mg/dL"},
    {"718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL"},
    {"2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL"}
  };
  private static final String[][] VITALS = {
    {"8867-4", "Heart rate", "/min"},
    {"29463-7", "Body weight", "kg"},
    {"8310-5", "Body temperature", "Cel"}
  };
  private static final String[][] CONDITIONS = {
    {"44054006", "Diabetes mellitus type 2"},
    {"38341003", "Hypertensive disorder"},
    {"195967001", "Asthma"},
    {"13645005", "Chronic obstructive lung disease"}
  };
  private static final String[][] DRUGS = {
    {"860975", "metformin 500 MG Oral Tablet"},
    {"197361", "amlodipine 5 MG Oral Tablet"},
    {"745679", "albuterol 0.09 MG/ACTUAT Inhaler"}
  };
  private static final long DAY = 86_400_000L;
  private static final long EPOCH = 1_700_000_000_000L;

  public static String patientId(int i) {
    return String.format("pat-%04d", i);
  }

  /**
   * @param patients how many patients; each gets {@code observationsPerPatient} laboratory and as
   *     many vital-signs Observations, 1-2 Conditions, 1-2 MedicationRequests and 1-2 Encounters
   */
  public static List<Resource> generate(int patients, int observationsPerPatient) {
    List<Resource> out = new ArrayList<>();
    for (int i = 0; i < patients; i++) {
      String pid = patientId(i);
      String n = pid.substring(4);
      Patient p = new Patient();
      p.setId(pid);
      p.addIdentifier().setSystem("urn:qhin-guard:synthetic:mrn").setValue("MRN" + n);
      p.addName(
          new HumanName().setFamily(FAMILY[i % FAMILY.length]).addGiven(GIVEN[i % GIVEN.length]));
      p.setGender(i % 2 == 0 ? AdministrativeGender.FEMALE : AdministrativeGender.MALE);
      p.setBirthDate(new Date(EPOCH - (20L + i % 60) * 365 * DAY));
      p.addAddress().setCity("Springfield").setPostalCode(String.format("%05d", 10000 + i));
      p.addTelecom().setValue("555-01" + n);
      out.add(p);
      Reference subject = new Reference("Patient/" + pid);
      int encounters = 1 + i % 2;
      for (int e = 1; e <= encounters; e++) {
        Encounter enc = new Encounter();
        enc.setId("enc-" + n + "-" + e);
        enc.setStatus(Encounter.EncounterStatus.FINISHED);
        enc.setClass_(
            new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
        enc.setSubject(subject);
        enc.getPeriod().setStart(new Date(EPOCH + (i * 7L + e) * DAY));
        out.add(enc);
      }
      Reference encounter = new Reference("Encounter/enc-" + n + "-1");
      for (int k = 1; k <= observationsPerPatient; k++) {
        out.add(observation(n, "lab-" + k, "laboratory", LABS[(i + k) % LABS.length], i, k));
        out.add(observation(n, "vs-" + k, "vital-signs", VITALS[(i + k) % VITALS.length], i, k));
      }
      for (Resource r : out.subList(out.size() - 2 * observationsPerPatient, out.size())) {
        ((Observation) r).setSubject(subject).setEncounter(encounter);
      }
      // A family-history style observation about the next patient: Observation.focus is not a
      // Patient compartment parameter, so an _include of it reaches outside the compartment.
      ((Observation) out.get(out.size() - 2 * observationsPerPatient))
          .addFocus(new Reference("Patient/" + patientId((i + 1) % patients)));
      int conditions = 1 + i % 2;
      for (int c = 1; c <= conditions; c++) {
        String[] code = CONDITIONS[(i + c) % CONDITIONS.length];
        Condition cond = new Condition();
        cond.setId("cond-" + n + "-" + c);
        cond.setClinicalStatus(
            new CodeableConcept(
                new Coding(
                    "http://terminology.hl7.org/CodeSystem/condition-clinical",
                    "active",
                    "Active")));
        cond.addCategory(
            new CodeableConcept(
                new Coding(
                    "http://terminology.hl7.org/CodeSystem/condition-category",
                    "problem-list-item",
                    "Problem List Item")));
        cond.setCode(new CodeableConcept(new Coding(SNOMED, code[0], code[1])).setText(code[1]));
        cond.setSubject(subject);
        cond.setEncounter(encounter);
        cond.setOnset(new DateTimeType(new Date(EPOCH - (i + c) * 30L * DAY)));
        out.add(cond);
      }
      int meds = 1 + (i + 1) % 2;
      for (int m = 1; m <= meds; m++) {
        String[] drug = DRUGS[(i + m) % DRUGS.length];
        MedicationRequest rx = new MedicationRequest();
        rx.setId("medrx-" + n + "-" + m);
        rx.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
        rx.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        rx.setMedication(new CodeableConcept(new Coding(RXNORM, drug[0], drug[1])));
        rx.setSubject(subject);
        rx.setEncounter(encounter);
        rx.setAuthoredOn(new Date(EPOCH + (i + m) * DAY));
        rx.addDosageInstruction().setText("1 tablet daily");
        out.add(rx);
      }
    }
    return out;
  }

  private static Observation observation(
      String n, String suffix, String category, String[] code, int i, int k) {
    Observation o = new Observation();
    o.setId("obs-" + n + "-" + suffix);
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.addCategory(new CodeableConcept(new Coding(OBS_CATEGORY, category, category)));
    o.setCode(new CodeableConcept(new Coding(LOINC, code[0], code[1])).setText(code[1]));
    o.setEffective(new DateTimeType(new Date(EPOCH + (i * 3L + k) * DAY)));
    o.setValue(
        new Quantity()
            .setValue(BigDecimal.valueOf(50 + (i * 13 + k * 7) % 100))
            .setUnit(code[2])
            .setSystem("http://unitsofmeasure.org")
            .setCode(code[2]));
    o.addNote().setText("synthetic note " + n + "-" + suffix);
    return o;
  }
}
