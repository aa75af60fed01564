package org.qhinguard.audit;

import io.quarkus.test.junit.QuarkusTest;
import org.qhinguard.testing.ObservabilityContract;

@QuarkusTest
class ObservabilityTest extends ObservabilityContract {}
