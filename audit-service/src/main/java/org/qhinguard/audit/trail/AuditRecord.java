package org.qhinguard.audit.trail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One link of the trail's hash chain: {@code hash = SHA-256(prevHash || canonicalForm())}.
 *
 * @param seq the position in the chain, from 1, without gaps
 * @param recordedAt when the trail stored the event
 */
public record AuditRecord(
    long seq, Instant recordedAt, AuditEntry entry, String prevHash, String hash) {

  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Every stored column except the hashes, in a fixed order, as a JSON array: altering any of them
   * changes the hash.
   */
  public static String canonicalForm(long seq, Instant recordedAt, AuditEntry e) {
    return head(seq, recordedAt.toString()) + canonicalTail(e);
  }

  /**
   * The start of {@link #canonicalForm}: the version, seq and recordedAt, up to the comma before
   * the entry's fields. An ISO-8601 instant needs no JSON escaping.
   */
  static String head(long seq, String recordedAt) {
    return "[\"qg-audit-v1\"," + seq + ",\"" + recordedAt + "\",";
  }

  /**
   * The rest of {@link #canonicalForm}: the entry's fields and the closing bracket; it does not
   * depend on the chain, so it can be written before the entry's place in it is known.
   */
  public static String canonicalTail(AuditEntry e) {
    StringWriter out = new StringWriter(256 + (e.data() == null ? 0 : e.data().length()));
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartArray();
      g.writeString(e.eventId());
      g.writeString(e.type());
      g.writeString(e.source());
      g.writeString(e.subject());
      g.writeString(e.eventTime().toString());
      g.writeString(e.service());
      g.writeString(e.action());
      g.writeString(e.outcome());
      g.writeString(e.participantId());
      g.writeString(e.clientId());
      g.writeString(e.resourceType());
      g.writeString(e.interaction());
      g.writeString(e.purposeOfUse());
      g.writeStartArray();
      for (String p : e.patientIds()) {
        g.writeString(p);
      }
      g.writeEndArray();
      if (e.resultCount() == null) {
        g.writeNull();
      } else {
        g.writeNumber(e.resultCount());
      }
      g.writeString(e.data());
      g.writeEndArray();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    // Drop the opening bracket: the tail continues the array head() opened.
    return out.getBuffer().substring(1);
  }

  public String canonicalForm() {
    return canonicalForm(seq, recordedAt, entry);
  }
}
