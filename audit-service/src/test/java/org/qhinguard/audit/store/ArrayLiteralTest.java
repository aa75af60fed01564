package org.qhinguard.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArrayLiteralTest {
  @Test
  void quotesEveryElementAndEscapesQuotesAndBackslashes() {
    assertThat(AuditRecordStore.arrayLiteral(List.of("pat-1", "a\"b", "c\\d", "e,f {g}")))
        .isEqualTo("{\"pat-1\",\"a\\\"b\",\"c\\\\d\",\"e,f {g}\"}");
  }

  @Test
  void anEmptyListIsAnEmptyArray() {
    assertThat(AuditRecordStore.arrayLiteral(List.of())).isEqualTo("{}");
  }
}
