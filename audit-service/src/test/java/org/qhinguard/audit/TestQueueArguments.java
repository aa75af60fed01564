package org.qhinguard.audit;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;

/** Test runs' dead-letter queue expires once idle, so that runs leave nothing behind. */
@ApplicationScoped
public class TestQueueArguments {
  @Produces
  @Identifier("audit-test-dlq-arguments")
  Map<String, Object> dlqArguments() {
    return Map.of("x-expires", 600_000);
  }
}
