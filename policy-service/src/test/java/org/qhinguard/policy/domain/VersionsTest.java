package org.qhinguard.policy.domain;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionsTest {

  @ParameterizedTest(name = "If-Match {0} matches version 3")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
      '"3"'
      '*'
      '"1", "3"'
      """)
  void acceptsAMatchingStrongTag(String ifMatch) {
    assertThatCode(() -> Versions.requireMatch(ifMatch, 3)).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "If-Match {0} is stale for version 3")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
      '"2"'
      'W/"3"'
      '3'
      '"4"'
      """)
  void rejectsAStaleOrWeakTagWith412(String ifMatch) {
    assertThatThrownBy(() -> Versions.requireMatch(ifMatch, 3))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e ->
                org.assertj.core.api.Assertions.assertThat(e.kind())
                    .isEqualTo(PolicyException.Kind.STALE));
  }

  @ParameterizedTest(name = "If-Match [{0}] is missing")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
      ''
      '  '
      """)
  void requiresIfMatchWith428(String ifMatch) {
    assertThatThrownBy(() -> Versions.requireMatch(ifMatch, 3))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e ->
                org.assertj.core.api.Assertions.assertThat(e.kind())
                    .isEqualTo(PolicyException.Kind.PRECONDITION_REQUIRED));
  }
}
