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

  /** An entry with its canonical tail written ahead ({@link AuditRecord#canonicalTail}). */
  public record Input(AuditEntry entry, byte[] tail) {
    public static Input of(AuditEntry entry) {
      return new Input(entry, AuditRecord.canonicalTail(entry).getBytes(StandardCharsets.UTF_8));
    }
  }

  public static AuditRecord append(Head head, AuditEntry entry, Instant recordedAt) {
    return new Hasher().append(head, Input.of(entry), recordedAt.truncatedTo(ChronoUnit.MICROS));
  }

  public static String hash(String prevHash, long seq, Instant recordedAt, AuditEntry entry) {
    return new Hasher().hash(prevHash, seq, recordedAt.toString(), Input.of(entry).tail());
  }

  /** Appends links one after the other with one digest; not thread-safe (one chain, one writer). */
  public static final class Hasher {
    private static final HexFormat HEX = HexFormat.of();
    private final MessageDigest sha256;
    private Instant at;
    private String atText;

    public Hasher() {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /** {@code recordedAt} must already be truncated to microseconds. */
    public AuditRecord append(Head head, Input input, Instant recordedAt) {
      if (!recordedAt.equals(at)) {
        at = recordedAt;
        atText = recordedAt.toString();
      }
      long seq = head.seq() + 1;
      return new AuditRecord(
          seq,
          recordedAt,
          input.entry(),
          head.hash(),
          hash(head.hash(), seq, atText, input.tail()));
    }

    String hash(String prevHash, long seq, String recordedAt, byte[] tail) {
      sha256.update(prevHash.getBytes(StandardCharsets.US_ASCII));
      sha256.update(AuditRecord.head(seq, recordedAt).getBytes(StandardCharsets.US_ASCII));
      sha256.update(tail);
      return HEX.formatHex(sha256.digest());
    }
  }

  public static Head headOf(AuditRecord record) {
    return new Head(record.seq(), record.hash());
  }
}
