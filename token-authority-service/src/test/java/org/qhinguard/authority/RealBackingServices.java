package org.qhinguard.authority;

import io.quarkus.test.common.QuarkusTestResource;
import org.qhinguard.authority.support.FakePolicyService;
import org.qhinguard.authority.support.FlakyBrokerLink;
import org.qhinguard.testing.BackingServices;

/**
 * Every test of this module runs against the real loopback services, isolated per run;
 * policy-service, another team's service, is faked at its HTTP edge.
 */
@QuarkusTestResource(BackingServices.class)
@QuarkusTestResource(FakePolicyService.class)
@QuarkusTestResource(FlakyBrokerLink.class)
public class RealBackingServices {}
