package org.qhinguard.audit.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.qhinguard.audit.app.AnomalyWatch;
import org.qhinguard.audit.app.AuditTrail;
import org.qhinguard.audit.config.AuditConfig;
import org.qhinguard.audit.store.TrailStoreException;
import org.qhinguard.audit.trail.AuditEntry;
import org.qhinguard.audit.trail.HashChain;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;
import org.qhinguard.common.events.EventRejectedException;

/**
 * Turns delivered messages into committed trail records: decodes on arrival, then one writer thread
 * appends batches (one transaction each, serialised, so the hash chain has one writer) and
 * acknowledges messages only after their commit, in delivery order, with one multiple ack per batch
 * ({@link Acknowledgements}). Redeliveries are stored once, poison is dead-lettered with its
 * reason, and an unreachable database is waited out: the messages stay unacknowledged (the broker's
 * prefetch bounds how many) and nothing is lost.
 */
@ApplicationScoped
public class IngestPipeline {
  private static final Logger LOG = Logger.getLogger(IngestPipeline.class);

  /** A delivered message, decoded or refused. */
  private record Delivery(
      Acknowledgements.Slot slot, HashChain.Input input, String reason, String why) {
    AuditEntry entry() {
      return input == null ? null : input.entry();
    }
  }

  private final BlockingQueue<Delivery> inbox = new LinkedBlockingQueue<>();
  private final Acknowledgements acks = new Acknowledgements();
  private final AuditTrail trail;
  private final AnomalyWatch anomalies;
  private final DeadLetters deadLetters;
  private final EventCodec codec;
  private final AuditConfig.Ingest config;
  private final MeterRegistry metrics;
  private final ExecutorService decoders;
  private volatile boolean running;
  private Thread writer;

  public IngestPipeline(
      AuditTrail trail,
      AnomalyWatch anomalies,
      DeadLetters deadLetters,
      EventCodec codec,
      AuditConfig config,
      MeterRegistry metrics) {
    this.trail = trail;
    this.anomalies = anomalies;
    this.deadLetters = deadLetters;
    this.codec = codec;
    this.config = config.ingest();
    this.metrics = metrics;
    AtomicInteger n = new AtomicInteger();
    this.decoders =
        Executors.newFixedThreadPool(
            this.config.decoders(),
            r -> {
              Thread t = new Thread(r, "audit-decoder-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  void start(@Observes StartupEvent ev) {
    running = true;
    writer = new Thread(this::run, "audit-trail-writer");
    writer.setDaemon(true);
    writer.start();
  }

  void stop(@Observes ShutdownEvent ev) throws InterruptedException {
    running = false;
    decoders.shutdownNow();
    if (writer != null) {
      writer.interrupt();
      writer.join(5000);
    }
  }

  /**
   * Called on the connector's event loop for every delivery; never blocks: decoding happens on the
   * decoder threads, so that the event loop only moves messages.
   */
  public void submit(Message<byte[]> message) {
    Acknowledgements.Slot slot = acks.register(message);
    decoders.execute(() -> inbox.add(decode(slot)));
  }

  private Delivery decode(Acknowledgements.Slot slot) {
    Delivery d;
    try {
      CloudEvent<?> event = codec.decode(slot.message.getPayload());
      d = new Delivery(slot, HashChain.Input.of(AuditEntry.of(event, codec.mapper())), null, null);
    } catch (EventRejectedException e) {
      d = new Delivery(slot, null, e.reason().name(), e.getMessage());
    } catch (RuntimeException e) {
      d = new Delivery(slot, null, EventRejectedException.Reason.INVALID_DATA.name(), e.toString());
    }
    return d;
  }

  private void run() {
    List<Delivery> batch = new ArrayList<>(config.batchSize());
    while (running) {
      try {
        Delivery first = inbox.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        inbox.drainTo(batch, config.batchSize() - batch.size());
        if (batch.size() < config.batchSize()) {
          long lingerNanos = config.linger().toNanos();
          Delivery next = inbox.poll(lingerNanos, TimeUnit.NANOSECONDS);
          if (next != null) {
            batch.add(next);
            inbox.drainTo(batch, config.batchSize() - batch.size());
          }
        }
        long start = System.nanoTime();
        write(batch);
        acks.flush();
        metrics.summary("qg_audit_batch_size").record(batch.size());
        metrics.timer("qg_audit_batch").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // Unexpected. What the batch did not settle goes back to the queue (the delivery limit
        // bounds a message that keeps failing), so that it does not hold back the acks behind it.
        LOG.errorf(e, "audit batch of %d not written; returned to the queue", batch.size());
        for (Delivery d : batch) {
          acks.requeue(d.slot());
        }
        acks.flush();
      } finally {
        batch.clear();
      }
    }
  }

  private void write(List<Delivery> batch) throws InterruptedException {
    // One entry per event id; a redelivery within the batch rides along with the first copy.
    Map<String, List<Delivery>> byId = new LinkedHashMap<>();
    for (Delivery d : batch) {
      if (d.entry() == null) {
        deadLetter(d, d.reason(), d.why());
      } else {
        byId.computeIfAbsent(d.entry().eventId(), k -> new ArrayList<>(1)).add(d);
      }
    }
    if (byId.isEmpty()) {
      return;
    }
    List<HashChain.Input> entries = byId.values().stream().map(l -> l.get(0).input()).toList();
    Duration backoff = config.retryBackoff();
    while (running) {
      try {
        committed(trail.append(entries), byId.values());
        return;
      } catch (TrailStoreException e) {
        if (e.refusedTheData()) {
          oneByOne(byId.values());
          return;
        }
        backoff = waitOut(e, backoff);
      } catch (RuntimeException e) {
        backoff = waitOut(e, backoff);
      }
    }
  }

  /** Finds the entries the database refuses and dead-letters exactly those. */
  private void oneByOne(Iterable<List<Delivery>> groups) throws InterruptedException {
    for (List<Delivery> group : groups) {
      Duration backoff = config.retryBackoff();
      while (running) {
        try {
          committed(trail.append(List.of(group.get(0).input())), List.of(group));
          break;
        } catch (TrailStoreException e) {
          if (e.refusedTheData()) {
            for (Delivery d : group) {
              deadLetter(d, "STORE_REFUSED", e.getMessage());
            }
            break;
          }
          backoff = waitOut(e, backoff);
        } catch (RuntimeException e) {
          backoff = waitOut(e, backoff);
        }
      }
    }
  }

  private void committed(AuditTrail.Appended appended, Iterable<List<Delivery>> groups) {
    int delivered = 0;
    for (List<Delivery> group : groups) {
      for (Delivery d : group) {
        acks.done(d.slot());
        delivered++;
      }
    }
    metrics.counter("qg_audit_events_stored").increment(appended.stored().size());
    metrics.counter("qg_audit_events_redelivered").increment(delivered - appended.stored().size());
    try {
      anomalies.observe(appended.stored());
    } catch (RuntimeException e) {
      LOG.errorf(e, "anomaly detection failed for a committed batch");
    }
  }

  private void deadLetter(Delivery d, String reason, String why) throws InterruptedException {
    LOG.warnf("dead-lettering a message: %s", why);
    metrics.counter("qg_audit_events_dead_lettered", "reason", reason).increment();
    if (deadLetters.send(d.slot().message, reason, why)) {
      acks.done(d.slot());
    } else {
      acks.reject(d.slot(), new IllegalStateException("dead letter not confirmed: " + why));
    }
  }

  private Duration waitOut(RuntimeException e, Duration backoff) throws InterruptedException {
    LOG.warnf("audit trail unavailable, retrying in %s: %s", backoff, e.getMessage());
    TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
    Duration next = backoff.multipliedBy(2);
    return next.compareTo(config.maxRetryBackoff()) > 0 ? config.maxRetryBackoff() : next;
  }
}
