package org.qhinguard.authority.store;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.list.ListCommands;
import io.quarkus.redis.datasource.list.Position;
import io.quarkus.redis.datasource.list.ReactiveListCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The durable local buffer of outgoing events: a Redis list. Producers append without waiting; the
 * relay moves an event to the in-flight list, publishes it, and removes it only after the broker
 * confirmed it. Whatever is in flight when a relay dies is put back in front.
 */
@ApplicationScoped
public class AuditBuffer {

  private final ReactiveListCommands<String, String> asyncLists;
  private final ListCommands<String, String> lists;
  private final String buffer;
  private final String inflight;

  public AuditBuffer(ReactiveRedisDataSource reactive, RedisDataSource redis, RedisKeys names) {
    this.asyncLists = reactive.list(String.class);
    this.lists = redis.list(String.class);
    this.buffer = names.fixed("audit:buffer");
    this.inflight = names.fixed("audit:inflight");
  }

  /** Appends; the returned Uni yields the buffer's new length. */
  public Uni<Long> append(String event) {
    return asyncLists.rpush(buffer, event);
  }

  /** Removes the newest event again (used when the buffer is over its bound). */
  public Uni<String> dropNewest() {
    return asyncLists.rpop(buffer);
  }

  /** Moves the oldest buffered event to the in-flight list. */
  public Optional<String> take() {
    return Optional.ofNullable(lists.lmove(buffer, inflight, Position.LEFT, Position.RIGHT));
  }

  public void acknowledge(String event) {
    lists.lrem(inflight, 1, event);
  }

  /** Puts unacknowledged in-flight events back at the front, oldest first. */
  public int requeueInflight() {
    int n = 0;
    while (lists.lmove(inflight, buffer, Position.RIGHT, Position.LEFT) != null) {
      n++;
    }
    return n;
  }

  /** Events not yet confirmed by the broker: buffered or in flight. */
  public long pending() {
    return lists.llen(buffer) + lists.llen(inflight);
  }
}
