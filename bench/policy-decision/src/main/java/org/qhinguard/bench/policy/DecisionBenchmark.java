package org.qhinguard.bench.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.qhinguard.common.policy.ParticipantKind;
import org.qhinguard.common.policy.ParticipantSnapshot;
import org.qhinguard.common.policy.ParticipantSnapshot.RateLimit;
import org.qhinguard.common.policy.ParticipantSnapshot.RegisteredClient;
import org.qhinguard.common.policy.ParticipantSnapshot.TokenIssuer;
import org.qhinguard.common.policy.ParticipantSnapshot.TrustPolicy;
import org.qhinguard.common.policy.ParticipantStatus;
import org.qhinguard.common.smart.FhirResourceTypes;
import org.qhinguard.policy.domain.CompiledPolicy;
import org.qhinguard.policy.domain.Decision;
import org.qhinguard.policy.domain.DecisionPoint;
import org.qhinguard.policy.domain.DecisionRequest;

/**
 * The decision of {@code POST /v1/decisions} without HTTP or database: a compiled policy of 50
 * scope rules against typical and worst-case requests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DecisionBenchmark {

  public static final int RULES = 50;

  CompiledPolicy policy;
  DecisionRequest typical;
  DecisionRequest wildcard;
  DecisionRequest escalation;

  /** 50 ceiling rules: patient/ scopes on 40 resource types (some constrained), 10 system/ ones. */
  static List<String> ceiling() {
    List<String> types = new ArrayList<>(List.of("Observation", "Condition", "Patient"));
    FhirResourceTypes.R4.stream().sorted().filter(t -> !types.contains(t)).forEach(types::add);
    List<String> rules = new ArrayList<>();
    for (int i = 0; rules.size() < RULES - 10; i++) {
      String type = types.get(i);
      rules.add(
          i % 4 == 0
              ? "patient/" + type + ".rs?category=laboratory,vital-signs"
              : "patient/" + type + (i % 3 == 0 ? ".cruds" : ".rs"));
    }
    for (int i = 0; rules.size() < RULES; i++) {
      rules.add("system/" + types.get(2 + i) + ".rs");
    }
    return rules;
  }

  @Setup
  public void setUp() {
    List<String> ceiling = ceiling();
    TrustPolicy trust =
        new TrustPolicy(
            ceiling,
            List.of("T-TRTMNT", "T-PH"),
            Map.of("Observation", List.of("read", "search")),
            List.of("ES384"),
            300,
            true,
            true,
            new RateLimit(600, 50),
            Map.of());
    policy =
        CompiledPolicy.of(
            new ParticipantSnapshot(
                "p-bench",
                "Bench",
                ParticipantKind.PARTICIPANT,
                "q-bench",
                ParticipantStatus.ACTIVE,
                42,
                List.of(new TokenIssuer("https://idp.bench", "https://idp.bench/jwks", null)),
                List.of("https://fhir.bench"),
                List.of(
                    new RegisteredClient(
                        "c-bench",
                        null,
                        "https://idp.bench/c",
                        List.of("client_credentials"),
                        List.of("private_key_jwt"),
                        null,
                        List.of())),
                trust));
    if (DecisionPoint.decide(policy, typicalRequest()).decision() != Decision.Verdict.PERMIT) {
      throw new IllegalStateException("the typical request must be permitted");
    }
    typical = typicalRequest();
    wildcard =
        new DecisionRequest(
            "p-bench", null, "c-bench", "patient/*.* system/*.rs", "T-TRTMNT", null, null);
    escalation =
        new DecisionRequest(
            "p-bench",
            null,
            "c-bench",
            "user/*.* system/Patient.cruds patient/Observation.write openid",
            "T-TRTMNT",
            null,
            null);
  }

  static DecisionRequest typicalRequest() {
    return new DecisionRequest(
        "p-bench",
        "https://idp.bench",
        "c-bench",
        "patient/Observation.rs patient/Condition.read system/Patient.r",
        "T-TRTMNT",
        "Observation",
        "search");
  }

  /** Three scopes, one interaction check: what the token authority and facade ask most. */
  @Benchmark
  public Decision typicalRequest3Scopes() {
    return DecisionPoint.decide(policy, typical);
  }

  /** Wildcards intersect with every one of the 50 rules. */
  @Benchmark
  public Decision wildcardRequestAgainstAll50Rules() {
    return DecisionPoint.decide(policy, wildcard);
  }

  /** Everything denied, each with its reason. */
  @Benchmark
  public Decision escalationAttempt() {
    return DecisionPoint.decide(policy, escalation);
  }
}
