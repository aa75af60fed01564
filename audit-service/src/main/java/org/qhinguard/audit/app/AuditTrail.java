package org.qhinguard.audit.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.qhinguard.audit.store.AuditRecordStore;
import org.qhinguard.audit.store.TrailStoreException;
import org.qhinguard.audit.trail.AuditQuery;
import org.qhinguard.audit.trail.AuditRecord;
import org.qhinguard.audit.trail.ChainReport;
import org.qhinguard.audit.trail.ChainVerifier;
import org.qhinguard.audit.trail.HashChain;

/** The audit trail: appends to the hash chain, searches it, verifies it. */
@ApplicationScoped
public class AuditTrail {

  private static final int VERIFY_CHUNK = 2000;

  private final AuditRecordStore store;
  private final Clock clock;

  public AuditTrail(AuditRecordStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** What an append stored; entries whose event id was already stored are not in it. */
  public record Appended(List<AuditRecord> stored, int duplicates) {}

  /**
   * Appends entries with distinct event ids under the chain lock, skipping those already stored
   * (redeliveries). Redeliveries are rare, so a batch is first inserted as if all were new; if the
   * unique event id turned some away, that transaction is rolled back and the batch chained again
   * without them, so that the chain never links to a row that was not stored.
   */
  public Appended append(List<HashChain.Input> entries) {
    try {
      return appendInTransaction(entries, false);
    } catch (RedeliveredEvents e) {
      return appendInTransaction(entries, true);
    }
  }

  /** Some event ids of the batch were already stored. */
  static final class RedeliveredEvents extends RuntimeException {
    RedeliveredEvents() {
      super("batch holds events already stored", null, false, false);
    }
  }

  @Transactional
  Appended appendInTransaction(List<HashChain.Input> entries, boolean skipStored) {
    try (Connection c = store.connection()) {
      HashChain.Head head = store.lockHead(c);
      Set<String> known =
          skipStored
              ? store.existing(c, entries.stream().map(i -> i.entry().eventId()).toList())
              : Set.of();
      List<AuditRecord> fresh = chain(head, entries, known, clock.instant());
      int inserted = store.insert(c, fresh);
      if (inserted != fresh.size()) {
        if (!skipStored) {
          throw new RedeliveredEvents();
        }
        // Cannot happen under the chain lock; refuse rather than leave a hole in the chain.
        throw new IllegalStateException(
            "inserted " + inserted + " of " + fresh.size() + " records; chain not extended");
      }
      return new Appended(fresh, entries.size() - fresh.size());
    } catch (SQLException e) {
      throw new TrailStoreException("cannot append to the audit trail", e);
    }
  }

  private static List<AuditRecord> chain(
      HashChain.Head head, List<HashChain.Input> entries, Set<String> skip, Instant now) {
    List<AuditRecord> out = new ArrayList<>(entries.size());
    HashChain.Hasher hasher = new HashChain.Hasher();
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    for (HashChain.Input e : entries) {
      if (!skip.contains(e.entry().eventId())) {
        AuditRecord r = hasher.append(head, e, at);
        out.add(r);
        head = HashChain.headOf(r);
      }
    }
    return out;
  }

  /** One page, newest first, plus the {@code seq} to continue below when there is more. */
  public record Page(List<AuditRecord> records, Optional<Long> continueBelow) {}

  @Transactional
  public Page search(AuditQuery query) {
    try (Connection c = store.connection()) {
      List<AuditRecord> rows = store.search(c, query);
      if (rows.size() > query.limit()) {
        List<AuditRecord> page = rows.subList(0, query.limit());
        return new Page(List.copyOf(page), Optional.of(page.get(page.size() - 1).seq()));
      }
      return new Page(rows, Optional.empty());
    } catch (SQLException e) {
      throw new TrailStoreException("cannot search the audit trail", e);
    }
  }

  /**
   * Verifies the records stored in [from, to) (either bound optional) against their hashes and
   * their predecessors, and reports the first broken link; with an {@code anchor} (a head of an
   * earlier report, kept outside the database) first that the anchored record is still there.
   */
  @Transactional
  public ChainReport verify(Instant from, Instant to, HashChain.Head anchor) {
    try (Connection c = store.connection()) {
      if (anchor != null) {
        Optional<ChainVerifier.BrokenLink> cut =
            ChainVerifier.checkAnchor(anchor, store.bySeq(c, anchor.seq()));
        if (cut.isPresent()) {
          return new ChainReport(from, to, false, 0, null, null, null, cut.get());
        }
      }
      Optional<long[]> range = store.seqRange(c, from, to);
      if (range.isEmpty()) {
        return new ChainReport(from, to, true, 0, null, null, null, null);
      }
      long first = range.get()[0];
      long last = range.get()[1];
      HashChain.Head start = HashChain.Head.EMPTY;
      if (from != null && first > 1) {
        Optional<AuditRecord> before = store.bySeq(c, first - 1);
        if (before.isEmpty()) {
          ChainVerifier.BrokenLink missing =
              new ChainVerifier.BrokenLink(
                  first - 1,
                  null,
                  ChainVerifier.Break.MISSING_RECORD,
                  "record " + (first - 1) + ", the predecessor of the range, is missing");
          return new ChainReport(from, to, false, 0, first, last, null, missing);
        }
        start = HashChain.headOf(before.get());
      }
      ChainVerifier verifier = new ChainVerifier(start);
      long after = start.seq();
      while (after < last) {
        List<AuditRecord> slice = store.chainSlice(c, after, last, VERIFY_CHUNK);
        if (slice.isEmpty()) {
          break;
        }
        for (AuditRecord r : slice) {
          if (!verifier.accept(r)) {
            return report(from, to, verifier, first, last);
          }
        }
        after = slice.get(slice.size() - 1).seq();
      }
      return report(from, to, verifier, first, last);
    } catch (SQLException e) {
      throw new TrailStoreException("cannot verify the audit trail", e);
    }
  }

  private static ChainReport report(
      Instant from, Instant to, ChainVerifier v, long first, long last) {
    boolean intact = v.broken().isEmpty();
    return new ChainReport(
        from,
        to,
        intact,
        v.checked(),
        first,
        last,
        intact && v.head().seq() == last ? v.head().hash() : null,
        v.broken().orElse(null));
  }
}
