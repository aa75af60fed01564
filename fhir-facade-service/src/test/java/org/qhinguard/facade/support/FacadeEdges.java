package org.qhinguard.facade.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Every test of this module runs against the synthetic upstream and the fakes of the suite. */
@QuarkusTestResource(FakeSuite.class)
public class FacadeEdges {}
