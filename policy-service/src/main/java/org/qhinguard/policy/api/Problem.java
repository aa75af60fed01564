package org.qhinguard.policy.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.qhinguard.policy.domain.PolicyException.FieldError;

/** RFC 9457 problem details, with the bad fields of invalid input as an extension member. */
@RegisterForReflection
public record Problem(
    String type, String title, int status, String detail, List<FieldError> errors) {}
