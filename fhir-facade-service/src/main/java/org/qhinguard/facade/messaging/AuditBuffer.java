package org.qhinguard.facade.messaging;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A bounded buffer in front of the broker: events wait here until the broker confirms them, so a
 * brief outage loses nothing; the response never waits. A failed send goes back to the head and is
 * retried with exponential backoff. When the buffer is full the oldest event is dropped and
 * counted, which bounds memory through a long outage.
 *
 * @param <E> the event
 */
public final class AuditBuffer<E> {

  private final Deque<E> queue = new ArrayDeque<>();
  private final int capacity;
  private final int maxInFlight;
  private final Function<E, CompletionStage<Void>> sender;
  private final ScheduledExecutorService scheduler;
  private final long retryInitialMs;
  private final long retryMaxMs;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private int inFlight;
  private long backoffMs;
  private boolean retryScheduled;

  public AuditBuffer(
      int capacity,
      int maxInFlight,
      Duration retryInitial,
      Duration retryMax,
      Function<E, CompletionStage<Void>> sender,
      ScheduledExecutorService scheduler) {
    this.capacity = capacity;
    this.maxInFlight = maxInFlight;
    this.sender = sender;
    this.scheduler = scheduler;
    this.retryInitialMs = retryInitial.toMillis();
    this.retryMaxMs = retryMax.toMillis();
  }

  /** Queues an event; never blocks. */
  public void offer(E event) {
    synchronized (this) {
      if (queue.size() >= capacity) {
        queue.pollFirst();
        dropped.incrementAndGet();
      }
      queue.addLast(event);
    }
    drain();
  }

  private void drain() {
    while (true) {
      E next;
      synchronized (this) {
        if (retryScheduled || inFlight >= maxInFlight || queue.isEmpty()) {
          return;
        }
        next = queue.pollFirst();
        inFlight++;
      }
      CompletionStage<Void> sent;
      try {
        sent = sender.apply(next);
      } catch (RuntimeException e) {
        failed(next);
        return;
      }
      sent.whenComplete(
          (ok, err) -> {
            if (err != null) {
              failed(next);
            } else {
              synchronized (this) {
                inFlight--;
                backoffMs = 0;
              }
              delivered.incrementAndGet();
              drain();
            }
          });
    }
  }

  private void failed(E event) {
    long delay;
    synchronized (this) {
      inFlight--;
      if (queue.size() >= capacity) {
        dropped.incrementAndGet(); // the buffer filled meanwhile; the newest stay
      } else {
        queue.addFirst(event);
      }
      if (retryScheduled) {
        return;
      }
      retryScheduled = true;
      backoffMs = backoffMs == 0 ? retryInitialMs : Math.min(retryMaxMs, backoffMs * 2);
      delay = backoffMs;
    }
    scheduler.schedule(
        () -> {
          synchronized (this) {
            retryScheduled = false;
          }
          drain();
        },
        delay,
        TimeUnit.MILLISECONDS);
  }

  public synchronized int pending() {
    return queue.size() + inFlight;
  }

  public long dropped() {
    return dropped.get();
  }

  public long delivered() {
    return delivered.get();
  }
}
