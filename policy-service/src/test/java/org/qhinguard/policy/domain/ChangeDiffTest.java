package org.qhinguard.policy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeDiffTest {

  private static final ObjectMapper M = new ObjectMapper();

  @Test
  void listsEachChangedFieldByPath() throws Exception {
    List<ChangeDiff.Change> diff =
        ChangeDiff.between(
            M.readTree(
                "{\"status\":\"ACTIVE\",\"policy\":{\"purposes\":[\"T-TRTMNT\"],\"max\":300}}"),
            M.readTree(
                "{\"status\":\"ACTIVE\",\"policy\":{\"purposes\":[\"T-TRTMNT\",\"T-PH\"]},\"new\":1}"));
    assertThat(diff)
        .extracting(ChangeDiff.Change::path)
        .containsExactly("new", "policy.max", "policy.purposes");
    assertThat(diff.get(1).to()).isNull();
    assertThat(diff.get(0).from()).isNull();
  }

  @Test
  void neverCopiesASecretHashIntoTheDiff() throws Exception {
    List<ChangeDiff.Change> diff =
        ChangeDiff.between(
            M.readTree("{\"clients\":[{\"clientId\":\"c\",\"secretHash\":\"$2a$old\"}]}"),
            M.readTree("{\"clients\":[{\"clientId\":\"c\",\"secretHash\":\"$2a$new\"}]}"));
    assertThat(diff).singleElement().extracting(ChangeDiff.Change::path).isEqualTo("clients");
    assertThat(diff.get(0).toString()).doesNotContain("$2a$");
  }
}
