package org.qhinguard.audit.trail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/** The trail's hash chain. Appends must be serialised by the caller (one chain, one writer). */
public final class HashChain {
  /** The previous hash of the first record. */
  public static final String GENESIS = "0".repeat(64);

  private HashChain() {}

  /** The last link of the chain, or the genesis before the first record. */
  public record Head(long seq, String hash) {
    public static final Head EMPTY = new Head(0, GENESIS);
  }

  public static AuditRecord append(Head head, AuditEntry entry, Instant recordedAt) {
    Instant at = recordedAt.truncatedTo(ChronoUnit.MICROS);
    long seq = head.seq() + 1;
    return new AuditRecord(seq, at, entry, head.hash(), hash(head.hash(), seq, at, entry));
  }

  public static String hash(String prevHash, long seq, Instant recordedAt, AuditEntry entry) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    sha256.update(prevHash.getBytes(StandardCharsets.US_ASCII));
    sha256.update(
        AuditRecord.canonicalForm(seq, recordedAt, entry).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha256.digest());
  }

  public static Head headOf(AuditRecord record) {
    return new Head(record.seq(), record.hash());
  }
}
