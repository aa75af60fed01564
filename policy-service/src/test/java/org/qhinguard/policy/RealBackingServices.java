package org.qhinguard.policy;

import io.quarkus.test.common.QuarkusTestResource;
import org.qhinguard.testing.BackingServices;

/** Every test of this module runs against the real loopback services, isolated per run. */
@QuarkusTestResource(BackingServices.class)
@QuarkusTestResource(BusCleanup.class)
public class RealBackingServices {}
