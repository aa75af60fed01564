package org.qhinguard.facade;

import io.quarkus.test.common.QuarkusTestResource;
import org.qhinguard.testing.BackingServices;

/** Every test of this module runs against the real loopback services, isolated per run. */
@QuarkusTestResource(
    value = BackingServices.class,
    initArgs = @io.quarkus.test.common.ResourceArg(name = "database", value = "false"))
public class RealBackingServices {}
