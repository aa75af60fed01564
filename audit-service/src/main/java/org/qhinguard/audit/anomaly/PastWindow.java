package org.qhinguard.audit.anomaly;

import java.time.Instant;

/**
 * One closed window of a key as the trail holds it: what the detector counted live, aggregated
 * again after a restart.
 */
public record PastWindow(
    BaselineKey key, Instant start, long requests, long distinctPatients, long volume) {}
