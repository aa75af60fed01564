package org.qhinguard.common.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The SMART scope algebra, table-driven: parsing, narrowing to a ceiling, constraint checks. */
class ScopeAlgebraTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          patient/Observation.read ; patient/Observation.rs
          patient/Observation.write ; patient/Observation.cud
          patient/Observation.* ; patient/Observation.cruds
          patient/*.read ; patient/*.rs
          user/*.* ; user/*.cruds
          user/Practitioner.read ; user/Practitioner.rs
          user/Encounter.write ; user/Encounter.cud
          system/Patient.rs ; system/Patient.rs
          system/*.rs ; system/*.rs
          system/Bundle.r ; system/Bundle.r
          system/Group.r ; system/Group.r
          patient/Observation.r ; patient/Observation.r
          patient/Observation.s ; patient/Observation.s
          patient/Observation.c ; patient/Observation.c
          patient/Observation.cr ; patient/Observation.cr
          patient/Observation.ud ; patient/Observation.ud
          patient/Observation.cruds ; patient/Observation.cruds
          patient/List.rs ; patient/List.rs
          patient/MedicationRequest.rs ; patient/MedicationRequest.rs
          patient/Observation.rs?category=laboratory ; patient/Observation.rs?category=laboratory
          patient/Observation.rs?category=vital-signs,laboratory ; patient/Observation.rs?category=laboratory,vital-signs
          patient/Observation.rs?status=final&category=laboratory ; patient/Observation.rs?category=laboratory&status=final
          patient/Observation.rs?category=laboratory,laboratory ; patient/Observation.rs?category=laboratory
          patient/Observation.rs?code=http%3A%2F%2Floinc.org%7C1234-5 ; patient/Observation.rs?code=http://loinc.org|1234-5
          patient/Observation.rs?code=http://loinc.org|9999-1,http://loinc.org|1234-5 ; patient/Observation.rs?code=http://loinc.org|1234-5,http://loinc.org|9999-1
          patient/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item ; patient/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item
          patient/Observation.rs?code:in=http://example.org/vs ; patient/Observation.rs?code:in=http://example.org/vs
          patient/Observation.rs?_security=R ; patient/Observation.rs?_security=R
          patient/*.cruds?category=laboratory ; patient/*.cruds?category=laboratory
          openid ; openid
          fhirUser ; fhirUser
          launch/patient ; launch/patient
          offline_access ; offline_access
          """)
  void parsesToCanonicalV2(String input, String canonical) {
    assertThat(Scopes.parseOne(input).canonical()).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "{0} is rejected: {1}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          Observation.read ; no context prefix
          /Observation.read ; no context prefix
          OPENID ; no context prefix
          Patient/Observation.read ; unknown context 'Patient'
          practitioner/Observation.read ; unknown context
          openid/Observation.read ; unknown context
          patient*/Observation.rs ; unknown context
          patient/Observation ; expected <type>.<permissions>
          patient/Observation. ; expected <type>.<permissions>
          patient/.rs ; expected <type>.<permissions>
          patient/Observation?category=x.rs ; expected <type>.<permissions>
          patient/observation.rs ; unknown FHIR R4 resource type
          patient/Foo.rs ; unknown FHIR R4 resource type
          patient/DomainResource.rs ; unknown FHIR R4 resource type
          patient/Resource.rs ; unknown FHIR R4 resource type
          patient//Observation.rs ; unknown FHIR R4 resource type
          patient/*.rs.rs ; unknown FHIR R4 resource type
          patient/Observation.sr ; permissions must be
          patient/Observation.rr ; permissions must be
          patient/Observation.x ; permissions must be
          patient/Observation.READ ; permissions must be
          patient/Observation.Read ; permissions must be
          patient/Observation.readwrite ; permissions must be
          patient/Observation.** ; permissions must be
          patient/Observation.read?category=laboratory ; v1 scopes take no query
          patient/Observation.*?category=laboratory ; v1 scopes take no query
          patient/Observation.rs? ; empty query constraint
          patient/Observation.rs?category ; is not name=value
          patient/Observation.rs?=laboratory ; is not name=value
          patient/Observation.rs?category= ; is not name=value
          patient/Observation.rs?category=a&& ; is not name=value
          patient/Observation.rs?category=a&category=b ; repeated
          patient/Observation.rs?category=a, ; empty value
          patient/Observation.rs?category=%zz ; bad percent-encoding
          patient/Observation.rs?category=%00 ; control character
          patient/Observation.rs?cat$egory=a ; invalid constraint parameter
          launch/Patient ; unknown launch context
          launch/practitioner ; unknown launch context
          'patient/Observation.rs"' ; not an RFC 6749 scope-token
          patient/Obsérvation.rs ; not an RFC 6749 scope-token
          patient/Observation.rs\\ ; not an RFC 6749 scope-token
          '' ; not an RFC 6749 scope-token
          """)
  void rejectsMalformedScopeWithReason(String input, String reason) {
    String token = input == null ? "" : input.replace("\\\\", "\\");
    assertThatThrownBy(() -> Scopes.parseOne(token))
        .isInstanceOf(ScopeSyntaxException.class)
        .hasMessageContaining(reason);
  }

  static Stream<Arguments> overLongScopes() {
    return Stream.of(
        Arguments.of("patient/Observation.rs?code=" + "x".repeat(ClinicalScope.MAX_LENGTH)),
        Arguments.of("patient/" + "A".repeat(ClinicalScope.MAX_LENGTH) + ".rs"),
        Arguments.of(
            "patient/Observation.rs?"
                + "a".repeat(65)
                + "="
                + "b")); // a parameter name longer than 64
  }

  @ParameterizedTest
  @MethodSource("overLongScopes")
  void rejectsOverLongScope(String scope) {
    assertThatThrownBy(() -> Scopes.parseOne(scope)).isInstanceOf(ScopeSyntaxException.class);
  }

  @Test
  void rejectsMoreThanTheMaximumNumberOfScopesAsAWhole() {
    String many =
        Stream.generate(() -> "patient/Observation.rs")
            .limit(Scopes.MAX_SCOPES + 1)
            .collect(Collectors.joining(" "));
    Scopes.Parsed parsed = Scopes.parse(many);
    assertThat(parsed.scopes()).isEmpty();
    assertThat(parsed.rejected())
        .singleElement()
        .extracting(Scopes.Rejected::reason)
        .asString()
        .contains("more than");
  }

  static final String A = "patient/Observation.rs patient/Condition.rs";
  static final String B = "patient/Observation.rs?category=laboratory";
  static final String C = "patient/*.rs";
  static final String D = "user/Observation.rs system/Patient.r";
  static final String F = "patient/Observation.rs?category=laboratory patient/Observation.r";
  static final String G = "patient/Observation.rs?category=laboratory,vital-signs&status=final";

  static Stream<Arguments> narrowings() {
    return Stream.of(
        // requested, ceiling, special scopes allowed, granted, denied
        n("patient/Observation.rs", A, "", "patient/Observation.rs", ""),
        n("patient/Observation.read", A, "", "patient/Observation.rs", ""),
        n(
            "patient/Observation.r patient/Condition.s",
            A,
            "",
            "patient/Observation.r patient/Condition.s",
            ""),
        n("patient/Observation.cruds", A, "", "patient/Observation.rs", ""),
        n("patient/Observation.*", A, "", "patient/Observation.rs", ""),
        n("patient/*.rs", A, "", "patient/Observation.rs patient/Condition.rs", ""),
        n("patient/*.*", A, "", "patient/Observation.rs patient/Condition.rs", ""),
        n("patient/*.r", A, "", "patient/Observation.r patient/Condition.r", ""),
        // escalation: patient ceiling never yields user/ or system/
        n("user/Observation.rs", A, "", "", "user/Observation.rs"),
        n("system/Observation.rs", A, "", "", "system/Observation.rs"),
        n("system/*.rs", A, "", "", "system/*.rs"),
        n("user/*.*", A, "", "", "user/*.cruds"),
        n("user/Observation.read", A, "", "", "user/Observation.rs"),
        n("system/Observation.read", A, "", "", "system/Observation.rs"),
        n(
            "patient/Observation.rs system/Patient.r",
            A,
            "",
            "patient/Observation.rs",
            "system/Patient.r"),
        // permission and type escalation
        n("patient/Observation.write", A, "", "", "patient/Observation.cud"),
        n("patient/Observation.c", A, "", "", "patient/Observation.c"),
        n("patient/Observation.ud", A, "", "", "patient/Observation.ud"),
        n("patient/Patient.rs", A, "", "", "patient/Patient.rs"),
        n("patient/Patient.read", A, "", "", "patient/Patient.rs"),
        // constraints of the ceiling are never dropped
        n("patient/Observation.rs", B, "", B, ""),
        n("patient/Observation.read", B, "", B, ""),
        n("patient/*.rs", B, "", B, ""),
        n("patient/*.*", B, "", B, ""),
        n("patient/Observation.s", B, "", "patient/Observation.s?category=laboratory", ""),
        n("patient/Observation.rs?category=laboratory,vital-signs", B, "", B, ""),
        n(
            "patient/Observation.rs?category=vital-signs",
            B,
            "",
            "",
            "patient/Observation.rs?category=vital-signs"),
        n(
            "patient/Observation.rs?code=x",
            B,
            "",
            "patient/Observation.rs?category=laboratory&code=x",
            ""),
        n(
            "user/Observation.rs?category=laboratory",
            B,
            "",
            "",
            "user/Observation.rs?category=laboratory"),
        n(
            "patient/Observation.rs?category=laboratory",
            G,
            "",
            "patient/Observation.rs?category=laboratory&status=final",
            ""),
        n("patient/Observation.rs", G, "", G, ""),
        n(
            "patient/Observation.rs?status=preliminary",
            G,
            "",
            "",
            "patient/Observation.rs?status=preliminary"),
        n(
            "patient/Observation.rs?category=social-history",
            G,
            "",
            "",
            "patient/Observation.rs?category=social-history"),
        n(
            "patient/Observation.rs",
            F,
            "",
            "patient/Observation.rs?category=laboratory patient/Observation.r",
            ""),
        n("patient/Observation.r", F, "", "patient/Observation.r", ""),
        // wildcard ceiling
        n("patient/Observation.rs", C, "", "patient/Observation.rs", ""),
        n("patient/*.cruds", C, "", "patient/*.rs", ""),
        n("patient/Observation.write", C, "", "", "patient/Observation.cud"),
        n("patient/Observation.rs?category=x", C, "", "patient/Observation.rs?category=x", ""),
        n("user/Patient.r", C, "", "", "user/Patient.r"),
        n("system/*.*", C, "", "", "system/*.cruds"),
        // user/system ceiling is no patient/ ceiling either
        n("patient/Observation.rs", D, "", "", "patient/Observation.rs"),
        n("system/Patient.rs", D, "", "system/Patient.r", ""),
        n("system/Patient.s", D, "", "", "system/Patient.s"),
        n("system/*.r", D, "", "system/Patient.r", ""),
        n("system/*.*", D, "", "system/Patient.r", ""),
        n(
            "user/Observation.r system/Patient.r patient/Patient.r",
            D,
            "",
            "user/Observation.r system/Patient.r",
            "patient/Patient.r"),
        // empty ceiling grants nothing
        n("patient/Observation.rs", "", "", "", "patient/Observation.rs"),
        n("patient/*.*", "", "", "", "patient/*.cruds"),
        n("", A, "", "", ""),
        // v1/v2 mixes, duplicates, malformed and unknown among good scopes
        n("patient/Observation.read patient/Observation.rs", A, "", "patient/Observation.rs", ""),
        n("patient/Observation.read junk", A, "", "patient/Observation.rs", "junk"),
        n(
            "patient/Observation.rs patient/Foo.rs",
            A,
            "",
            "patient/Observation.rs",
            "patient/Foo.rs"),
        n(
            "patient/Observation.rs?category=a&category=a",
            B,
            "",
            "",
            "patient/Observation.rs?category=a&category=a"),
        n("  patient/Observation.rs  ", A, "", "patient/Observation.rs", ""),
        n(
            "patient/Observation.rs\tuser/Patient.rs",
            A,
            "",
            "",
            "patient/Observation.rs\tuser/Patient.rs"),
        // special scopes only where allowed
        n("openid fhirUser", A, "", "", "openid fhirUser"),
        n(
            "openid fhirUser patient/Observation.rs",
            A,
            "openid fhirUser",
            "openid fhirUser patient/Observation.rs",
            ""),
        n("launch/patient offline_access", A, "openid", "", "launch/patient offline_access"),
        n(
            "launch/patient offline_access",
            A,
            "launch/patient offline_access",
            "launch/patient offline_access",
            ""),
        n("launch/Patient", A, "launch/patient", "", "launch/Patient"));
  }

  private static Arguments n(
      String requested, String ceiling, String special, String granted, String denied) {
    return Arguments.of(requested, ceiling, special, granted, denied);
  }

  @ParameterizedTest(name = "[{index}] {0} within ({1}) -> ({3}) denied ({4})")
  @MethodSource("narrowings")
  void narrowsToTheCeilingAndNeverWidens(
      String requested, String ceiling, String special, String granted, String denied) {
    Set<SpecialScope> allowed = EnumSet.noneOf(SpecialScope.class);
    allowed.addAll(Scopes.parse(special).special());
    ScopeNarrowing.Result result =
        ScopeNarrowing.narrow(requested, Scopes.parse(ceiling).clinical(), allowed);

    assertThat(result.grantedScopeString()).isEqualTo(granted);
    assertThat(result.denied().stream().map(ScopeNarrowing.Denied::scope))
        .containsExactlyElementsOf(denied.isEmpty() ? List.of() : Arrays.asList(denied.split(" ")));
    // Whatever is granted is covered by one ceiling scope: nothing wider ever comes out.
    List<ClinicalScope> ceilingScopes = Scopes.parse(ceiling).clinical();
    for (ClinicalScope g : Scopes.parse(result.grantedScopeString()).clinical()) {
      assertThat(ceilingScopes).anyMatch(g::isCoveredBy);
    }
  }

  @ParameterizedTest(name = "{0} within ({1}): {2}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          system/Patient.r ; patient/Observation.rs ; context system/ is beyond the ceiling
          user/Patient.r ; patient/*.rs ; context user/ is beyond the ceiling
          patient/Patient.r ; patient/Observation.rs ; resource type Patient is beyond the ceiling
          patient/Observation.c ; patient/Observation.rs ; permissions or constraints are beyond the ceiling
          patient/Observation.rs?category=x ; patient/Observation.rs?category=y ; permissions or constraints are beyond the ceiling
          """)
  void saysWhyAScopeIsDenied(String requested, String ceiling, String reason) {
    ScopeNarrowing.Result result =
        ScopeNarrowing.narrow(requested, Scopes.parse(ceiling).clinical(), Set.of());
    assertThat(result.granted()).isEmpty();
    assertThat(result.denied())
        .singleElement()
        .extracting(ScopeNarrowing.Denied::reason)
        .isEqualTo(reason);
  }

  @ParameterizedTest(name = "{0} held by ?{1}: {2}")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          patient/Observation.rs?category=laboratory ; category=laboratory ; true
          patient/Observation.rs?category=laboratory ; category=vital-signs ; false
          patient/Observation.rs?category=laboratory ; '' ; false
          patient/Observation.rs?category=laboratory ; code=x ; false
          patient/Observation.rs?category=laboratory ; category=laboratory,vital-signs ; false
          patient/Observation.rs?category=laboratory ; category=laboratory&category=vital-signs ; false
          patient/Observation.rs?category=laboratory ; category:not=laboratory ; false
          patient/Observation.rs?category=laboratory ; category=LABORATORY ; false
          patient/Observation.rs?category=laboratory ; category= ; false
          patient/Observation.rs?category=laboratory,vital-signs ; category=vital-signs ; true
          patient/Observation.rs?category=laboratory,vital-signs ; category=laboratory,vital-signs ; true
          patient/Observation.rs?category=laboratory&status=final ; category=laboratory ; false
          patient/Observation.rs?category=laboratory&status=final ; category=laboratory&status=final ; true
          patient/Observation.rs ; '' ; true
          patient/Observation.rs ; category=anything ; true
          """)
  void checksRequestParametersAgainstConstraints(String scope, String query, boolean held) {
    ClinicalScope s = ClinicalScope.parse(scope);
    assertThat(s.constraintsHeldBy(queryParameters(query))).isEqualTo(held);
  }

  private static Map<String, List<String>> queryParameters(String query) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return out;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      out.computeIfAbsent(pair.substring(0, eq), k -> new java.util.ArrayList<>())
          .add(pair.substring(eq + 1));
    }
    return out;
  }

  @Test
  void intersectionNeverChangesTheContext() {
    for (ScopeContext requested : ScopeContext.values()) {
      for (ScopeContext ceiling : ScopeContext.values()) {
        ClinicalScope r = ClinicalScope.of(requested, "*", EnumSet.allOf(Permission.class));
        ClinicalScope c = ClinicalScope.of(ceiling, "*", EnumSet.allOf(Permission.class));
        assertThat(r.intersect(c).isPresent()).isEqualTo(requested == ceiling);
      }
    }
  }
}
