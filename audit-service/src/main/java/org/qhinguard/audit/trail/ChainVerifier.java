package org.qhinguard.audit.trail;

import java.util.Optional;

/**
 * Walks stored records in {@code seq} order and finds the first broken link: a missing record (a
 * gap in {@code seq}), a record whose previous hash is not its predecessor's hash (reordered or
 * replaced), or a record whose content no longer matches its hash (altered).
 */
public final class ChainVerifier {

  /** Why a link is broken. */
  public enum Break {
    MISSING_RECORD,
    PREVIOUS_HASH_MISMATCH,
    CONTENT_ALTERED,
    /** The record the caller anchored is gone: the trail was cut back or rewritten. */
    ANCHOR_MISSING,
    /** The record the caller anchored has another hash now. */
    ANCHOR_MISMATCH
  }

  /** The first broken link: at {@code seq}, the chain no longer holds. */
  public record BrokenLink(long seq, String eventId, Break reason, String detail) {}

  private HashChain.Head previous;
  private long checked;
  private BrokenLink broken;

  /**
   * @param previous the record just before the range checked (its hash is trusted as the start), or
   *     {@link HashChain.Head#EMPTY} when the range starts at the first record
   */
  public ChainVerifier(HashChain.Head previous) {
    this.previous = previous;
  }

  /** Checks the next record; returns false once a broken link is found. */
  public boolean accept(AuditRecord r) {
    if (broken != null) {
      return false;
    }
    checked++;
    if (r.seq() != previous.seq() + 1) {
      broken =
          new BrokenLink(
              previous.seq() + 1,
              null,
              Break.MISSING_RECORD,
              "records " + (previous.seq() + 1) + ".." + (r.seq() - 1) + " are missing");
      return false;
    }
    if (!r.prevHash().equals(previous.hash())) {
      broken =
          new BrokenLink(
              r.seq(),
              r.entry().eventId(),
              Break.PREVIOUS_HASH_MISMATCH,
              "previous hash does not match record " + previous.seq());
      return false;
    }
    String expected = HashChain.hash(r.prevHash(), r.seq(), r.recordedAt(), r.entry());
    if (!expected.equals(r.hash())) {
      broken =
          new BrokenLink(
              r.seq(),
              r.entry().eventId(),
              Break.CONTENT_ALTERED,
              "content does not match its hash");
      return false;
    }
    previous = HashChain.headOf(r);
    return true;
  }

  /**
   * Checks a head the caller kept from an earlier report (seq and hash) against the record now
   * stored at that seq. Records deleted from the end of the chain leave no gap to find; an anchor
   * kept outside the database is what shows them.
   *
   * @return the broken link, or empty when the anchored record is there unchanged
   */
  public static Optional<BrokenLink> checkAnchor(HashChain.Head anchor, Optional<AuditRecord> now) {
    if (now.isEmpty()) {
      return Optional.of(
          new BrokenLink(
              anchor.seq(),
              null,
              Break.ANCHOR_MISSING,
              "record "
                  + anchor.seq()
                  + ", which the caller anchored, is gone: the trail was cut back or rewritten"));
    }
    if (!now.get().hash().equals(anchor.hash())) {
      return Optional.of(
          new BrokenLink(
              anchor.seq(),
              now.get().entry().eventId(),
              Break.ANCHOR_MISMATCH,
              "record " + anchor.seq() + " no longer has the hash the caller anchored"));
    }
    return Optional.empty();
  }

  /** The last record accepted intact, the head a caller can anchor. */
  public HashChain.Head head() {
    return previous;
  }

  public long checked() {
    return checked;
  }

  public Optional<BrokenLink> broken() {
    return Optional.ofNullable(broken);
  }
}
