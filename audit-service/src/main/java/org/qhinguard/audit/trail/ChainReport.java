package org.qhinguard.audit.trail;

import java.time.Instant;

/**
 * The result of verifying the chain over a range of recording times.
 *
 * @param firstSeq the first record checked, null when the range is empty
 * @param lastSeq the last record of the range
 * @param lastHash the hash of record {@code lastSeq} when the range is intact: with {@code
 *     lastSeq}, an anchor to keep outside the database and pass to a later verification
 * @param brokenLink the first broken link, null when the range is intact
 */
public record ChainReport(
    Instant from,
    Instant to,
    boolean intact,
    long checked,
    Long firstSeq,
    Long lastSeq,
    String lastHash,
    ChainVerifier.BrokenLink brokenLink) {}
