package org.qhinguard.audit.messaging;

import io.smallrye.reactive.messaging.rabbitmq.ClientHolder;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMessage;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Settles deliveries in the order the broker delivered them: a delivery is acknowledged only once
 * it and every delivery before it is done (committed, or dead-lettered and confirmed), and then
 * with one {@code basic.ack} with {@code multiple=true} for the whole run (AMQP 0-9-1 basic.ack:
 * "all outstanding messages up to and including the delivery tag"), not one frame per message.
 *
 * <p>Every ack and nack goes out from the writer thread and waits until it is written, so the
 * frames reach the channel in order and a multiple ack never names a tag settled before. If the
 * connector's message type is not the RabbitMQ one (or its client cannot be reached), each message
 * is acknowledged on its own.
 */
final class Acknowledgements {
  private static final Logger LOG = Logger.getLogger(Acknowledgements.class);
  private static final Duration WRITE_WAIT = Duration.ofSeconds(10);
  private static final Field HOLDER = holderField();

  /** One delivery, in delivery order. Only the writer thread reads or changes the flags. */
  static final class Slot {
    final Message<byte[]> message;
    private boolean done;
    private boolean settled;

    private Slot(Message<byte[]> message) {
      this.message = message;
    }
  }

  private final ConcurrentLinkedQueue<Slot> order = new ConcurrentLinkedQueue<>();

  /** Called on the connector's event loop, in delivery order. */
  Slot register(Message<byte[]> message) {
    Slot s = new Slot(message);
    order.add(s);
    return s;
  }

  /** Committed (or its dead letter confirmed): acknowledged with the next {@link #flush()}. */
  void done(Slot s) {
    s.done = true;
  }

  /** Rejects one delivery now (the broker dead-letters it through the queue's DLX). */
  void reject(Slot s, Throwable why) throws InterruptedException {
    try {
      s.message.nack(why).toCompletableFuture().get(WRITE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      LOG.warnf("nack not written (%s); the broker redelivers the message", e.toString());
    }
    s.done = true;
    s.settled = true;
  }

  /**
   * Returns a delivery not done yet to the queue (basic.nack with requeue), for a batch that failed
   * in an unexpected way; the broker redelivers it.
   */
  void requeue(Slot s) {
    if (s.done) {
      return;
    }
    IncomingRabbitMQMessage<?> m = multipleAck(s);
    try {
      if (m != null) {
        holder(m)
            .client()
            .basicNack(m.message.envelope().getDeliveryTag(), false, true)
            .await()
            .atMost(WRITE_WAIT);
      } else {
        s.message.nack(new IllegalStateException("batch not written"));
      }
    } catch (RuntimeException e) {
      LOG.warnf("nack not written (%s); the broker redelivers the message", e.toString());
    }
    s.done = true;
    s.settled = true;
  }

  /**
   * Acknowledges the deliveries done so far that no earlier undone delivery holds back. Returns how
   * many were acknowledged.
   */
  int flush() {
    Slot last = null;
    int n = 0;
    for (Slot head = order.peek(); head != null && head.done; head = order.peek()) {
      order.poll();
      if (!head.settled) {
        if (multipleAck(head) == null) {
          head.message.ack();
        } else {
          last = head;
        }
        n++;
      }
    }
    if (last != null) {
      ackUpTo(last);
    }
    return n;
  }

  /** How many deliveries are neither acknowledged nor rejected yet. */
  int outstanding() {
    return order.size();
  }

  private static void ackUpTo(Slot last) {
    IncomingRabbitMQMessage<?> m = multipleAck(last);
    long tag = m.message.envelope().getDeliveryTag();
    try {
      holder(m).client().basicAck(tag, true).await().atMost(WRITE_WAIT);
    } catch (RuntimeException e) {
      // Not written: the channel is gone, and with it every unacknowledged delivery, which the
      // broker redelivers; the trail stores each event id once.
      LOG.warnf("ack up to delivery %d not written: %s", tag, e.toString());
    }
  }

  private static IncomingRabbitMQMessage<?> multipleAck(Slot s) {
    return HOLDER != null && s.message instanceof IncomingRabbitMQMessage<?> m ? m : null;
  }

  private static ClientHolder holder(IncomingRabbitMQMessage<?> m) {
    try {
      return (ClientHolder) HOLDER.get(m);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The connector keeps the consumer's client in a private field; there is no multiple ack API. */
  private static Field holderField() {
    try {
      Field f = IncomingRabbitMQMessage.class.getDeclaredField("holder");
      f.setAccessible(true);
      return f.getType() == ClientHolder.class ? f : null;
    } catch (NoSuchFieldException | RuntimeException e) {
      LOG.warnf("acknowledging one message at a time (%s)", e.toString());
      return null;
    }
  }
}
