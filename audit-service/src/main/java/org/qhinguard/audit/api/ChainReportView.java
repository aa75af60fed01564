package org.qhinguard.audit.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import org.qhinguard.audit.trail.ChainReport;

/** The answer of {@code GET /v1/audit/verify}. */
@RegisterForReflection
public record ChainReportView(
    Instant from,
    Instant to,
    boolean intact,
    long checked,
    Long firstSeq,
    Long lastSeq,
    String lastHash,
    BrokenLinkView firstBrokenLink) {

  @RegisterForReflection
  public record BrokenLinkView(long seq, String eventId, String reason, String detail) {}

  static ChainReportView of(ChainReport r) {
    var b = r.brokenLink();
    return new ChainReportView(
        r.from(),
        r.to(),
        r.intact(),
        r.checked(),
        r.firstSeq(),
        r.lastSeq(),
        r.lastHash(),
        b == null ? null : new BrokenLinkView(b.seq(), b.eventId(), b.reason().name(), b.detail()));
  }
}
