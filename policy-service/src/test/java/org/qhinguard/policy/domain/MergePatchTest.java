package org.qhinguard.policy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The examples of RFC 7386 appendix A. */
class MergePatchTest {

  private static final ObjectMapper M = new ObjectMapper();

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"a":"b"}              | {"a":"c"}            | {"a":"c"}
          {"a":"b"}              | {"b":"c"}            | {"a":"b","b":"c"}
          {"a":"b"}              | {"a":null}           | {}
          {"a":"b","b":"c"}      | {"a":null}           | {"b":"c"}
          {"a":["b"]}            | {"a":"c"}            | {"a":"c"}
          {"a":"c"}              | {"a":["b"]}          | {"a":["b"]}
          {"a":{"b":"c"}}        | {"a":{"b":"d","c":null}} | {"a":{"b":"d"}}
          {"a":[{"b":"c"}]}      | {"a":[1]}            | {"a":[1]}
          ["a","b"]              | ["c","d"]            | ["c","d"]
          {"a":"b"}              | ["c"]                | ["c"]
          {"e":null}             | {"a":1}              | {"e":null,"a":1}
          [1,2]                  | {"a":"b","c":null}   | {"a":"b"}
          {}                     | {"a":{"bb":{"ccc":null}}} | {"a":{"bb":{}}}
          """)
  void appliesLikeRfc7386(String target, String patch, String result) throws Exception {
    assertThat(MergePatch.apply(M.readTree(target), M.readTree(patch)))
        .isEqualTo(M.readTree(result));
  }
}
