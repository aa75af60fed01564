package org.qhinguard.bench.audit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.Bus;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;
import org.qhinguard.common.events.EventType;
import org.qhinguard.common.events.Outcome;

/**
 * Drives a running audit-service through the broker, as the other services do, and reads back from
 * its PostgreSQL schema.
 *
 * <ol>
 *   <li>sustained ingest: {@code --events} FHIR-access audit events published as fast as the broker
 *       takes them; events per second from the first publish until the last one is stored;
 *   <li>delay: {@code --latency-rate} events per second for {@code --latency-seconds}; for each,
 *       the time from its publish to the moment a poll of the table sees it (p50, p99, max).
 * </ol>
 *
 * The delay includes up to 2 ms of polling interval. Every phase is bounded by {@code
 * --timeout-seconds}. {@code --cleanup} drops the run's schema, exchanges and queues instead.
 */
public final class IngestBenchmark {
  private static final double TARGET_EVENTS_PER_SECOND = 10_000;

  /** audit-service's AuditRecordStore.CHAIN_LOCK: the advisory lock its writer takes per batch. */
  private static final long CHAIN_LOCK = 0x7167_6175_6469_7431L;

  private final Map<String, String> args;
  private final EventCodec codec = new EventCodec();
  private final String dbUrl;
  private final String schema;
  private final String exchange;
  private final String queue;
  private final long timeoutNanos;

  private IngestBenchmark(Map<String, String> args) {
    this.args = args;
    this.dbUrl = arg("db-url", "jdbc:postgresql://127.0.0.1:5432/test");
    this.schema = arg("schema", null);
    this.exchange = arg("exchange", null);
    this.queue = arg("queue", null);
    this.timeoutNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(arg("timeout-seconds", "300")));
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a);
      }
      boolean flag = i + 1 >= argv.length || argv[i + 1].startsWith("--");
      args.put(a.substring(2), flag ? "true" : argv[++i]);
    }
    IngestBenchmark b = new IngestBenchmark(args);
    if (args.containsKey("cleanup")) {
      b.cleanup();
    } else if (args.containsKey("fill")) {
      b.fill();
    } else if (args.containsKey("drain")) {
      b.drain();
    } else {
      b.run();
    }
  }

  private String arg(String name, String fallback) {
    String v = args.getOrDefault(name, fallback);
    if (v == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }

  private java.sql.Connection db() throws SQLException {
    String sep = dbUrl.contains("?") ? "&" : "?";
    return DriverManager.getConnection(
        dbUrl + sep + "currentSchema=" + schema,
        arg("db-user", "postgres"),
        args.getOrDefault("db-password", ""));
  }

  private Connection broker() throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(arg("rabbitmq-host", "127.0.0.1"));
    f.setPort(Integer.parseInt(arg("rabbitmq-port", "5672")));
    f.setUsername(arg("rabbitmq-user", "guest"));
    f.setPassword(arg("rabbitmq-password", "guest"));
    return f.newConnection("bench-audit-ingest");
  }

  private void run() throws Exception {
    int events = Integer.parseInt(arg("events", "200000"));
    int warmUp = Integer.parseInt(arg("warm-up", "20000"));
    int rate = Integer.parseInt(arg("latency-rate", "2000"));
    int seconds = Integer.parseInt(arg("latency-seconds", "15"));
    try (Connection amqp = broker();
        java.sql.Connection sql = db()) {
      Channel ch = amqp.createChannel();
      awaitQueue(amqp);
      ch.confirmSelect();

      long base = maxSeq(sql);
      publish(ch, warmUp, 0);
      awaitStored(sql, base + warmUp);
      System.out.printf(Locale.ROOT, "warm-up: %,d events stored%n", warmUp);

      base = maxSeq(sql);
      Cpu cpu0 = Cpu.now(args.get("service-pid"));
      long t0 = System.nanoTime();
      publish(ch, events, 0);
      long published = System.nanoTime();
      awaitStored(sql, base + events);
      long stored = System.nanoTime();
      Cpu cpu1 = Cpu.now(args.get("service-pid"));
      double publishRate = events / seconds(published - t0);
      double ingestRate = events / seconds(stored - t0);
      System.out.printf(
          Locale.ROOT,
          "sustained ingest: %,d events in %.2f s = %,.0f events/s stored (published at %,.0f/s);"
              + " %.2f x the %,.0f/s target%n",
          events,
          seconds(stored - t0),
          ingestRate,
          publishRate,
          ingestRate / TARGET_EVENTS_PER_SECOND,
          TARGET_EVENTS_PER_SECOND);

      System.out.println("  CPU meanwhile: " + cpu1.since(cpu0));

      double raw = rawInsertRate(sql, events);
      System.out.printf(
          Locale.ROOT,
          "PostgreSQL alone, same table and indexes, one server-side INSERT ... SELECT of %,d rows:"
              + " %,.0f rows/s; the service reaches %.2f of it%n",
          events,
          raw,
          ingestRate / raw);

      latency(ch, sql, rate, seconds);

      if (!args.containsKey("no-warm-drain")) {
        warmDrain(ch, sql, Integer.parseInt(arg("drain-events", arg("events", "200000"))));
      }
    }
  }

  /**
   * Ingest capacity of the running, warm service: while this benchmark holds the trail's chain lock
   * (the writer's first step of every batch waits for it), {@code events} are queued; the service
   * takes its prefetch window and the rest stays in the queue. Then the lock is released and the
   * backlog drained; events / (last stored - first stored), as {@link #drain()}.
   */
  private void warmDrain(Channel ch, java.sql.Connection sql, int events) throws Exception {
    long base = maxSeq(sql);
    try (Statement s = sql.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + CHAIN_LOCK + ")");
    }
    long release;
    try {
      publish(ch, events, 2_000_000);
      long ready = ch.queueDeclarePassive(queue).getMessageCount();
      if (maxSeq(sql) != base) {
        throw new IllegalStateException("the service stored events while the chain was locked");
      }
      System.out.printf(
          Locale.ROOT,
          "warm drain: %,d events queued while the chain lock was held (%,d still in the queue, the"
              + " rest in the service's prefetch window)%n",
          events,
          ready);
    } finally {
      try (Statement s = sql.createStatement()) {
        s.execute("SELECT pg_advisory_unlock(" + CHAIN_LOCK + ")");
      }
      release = System.nanoTime();
    }
    long deadline = release + timeoutNanos;
    long target = base + events;
    long firstAt = 0;
    long firstCount = 0;
    Cpu cpu0 = null;
    long seq;
    while ((seq = maxSeq(sql)) < target) {
      long now = System.nanoTime();
      if (firstAt == 0 && seq > base) {
        firstAt = now;
        firstCount = seq - base;
        cpu0 = Cpu.now(args.get("service-pid"));
      }
      if (now > deadline) {
        throw new IllegalStateException("timed out at " + (seq - base) + " of " + events);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    long last = System.nanoTime();
    Cpu cpu1 = Cpu.now(args.get("service-pid"));
    if (firstAt == 0) {
      firstAt = last;
      firstCount = events;
    }
    double rate = (events - firstCount) / seconds(last - firstAt);
    System.out.printf(
        Locale.ROOT,
        "warm drain: %,.0f events/s (first stored -> last stored, %.2f s; %.2f x the %,.0f/s target);"
            + " %,.0f events/s from the lock's release%n",
        rate,
        seconds(last - firstAt),
        rate / TARGET_EVENTS_PER_SECOND,
        TARGET_EVENTS_PER_SECOND,
        events / seconds(last - release));
    if (cpu0 != null) {
      System.out.println("  CPU meanwhile: " + cpu1.since(cpu0));
    }
  }

  /**
   * With the service stopped: queues {@code --drain-events} events in its (durable, quorum) queue
   * and notes in {@code --state-file} how far the trail reached before them.
   */
  private void fill() throws Exception {
    int events = Integer.parseInt(arg("drain-events", arg("events", "200000")));
    try (Connection amqp = broker();
        java.sql.Connection sql = db()) {
      Channel ch = amqp.createChannel();
      ch.confirmSelect();
      long base = maxSeq(sql);
      long t0 = System.nanoTime();
      publish(ch, events, 1_000_000);
      double took = seconds(System.nanoTime() - t0);
      long ready = ch.queueDeclarePassive(queue).getMessageCount();
      java.nio.file.Files.writeString(
          java.nio.file.Path.of(arg("state-file", null)), base + " " + events);
      System.out.printf(
          Locale.ROOT,
          "backlog: %,d events published in %.2f s (%,.0f/s) with the service stopped; %,d ready"
              + " in the queue%n",
          events,
          took,
          events / took,
          ready);
    }
  }

  /**
   * After the service was started again on the backlog {@link #fill()} queued: ingest capacity with
   * no publisher on the machine, events / (last stored - first stored), polling every 5 ms.
   */
  private void drain() throws Exception {
    String[] state =
        java.nio.file.Files.readString(java.nio.file.Path.of(arg("state-file", null))).split(" ");
    long base = Long.parseLong(state[0]);
    int events = Integer.parseInt(state[1]);
    long target = base + events;
    try (java.sql.Connection sql = db()) {
      long deadline = System.nanoTime() + timeoutNanos;
      long firstAt = 0;
      long firstCount = 0;
      long tenth = 0;
      long tenthCount = 0;
      Cpu cpu0 = null;
      long seq;
      while ((seq = maxSeq(sql)) < target) {
        long now = System.nanoTime();
        if (firstAt == 0 && seq > base) {
          firstAt = now;
          firstCount = seq - base;
          cpu0 = Cpu.now(args.get("service-pid"));
        }
        if (tenth == 0 && seq - base >= events / 10) {
          tenth = now;
          tenthCount = seq - base;
        }
        if (now > deadline) {
          throw new IllegalStateException("timed out at " + (seq - base) + " of " + events);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
      long last = System.nanoTime();
      Cpu cpu1 = Cpu.now(args.get("service-pid"));
      if (firstAt == 0) {
        firstAt = last;
        firstCount = events;
      }
      if (tenth == 0) {
        tenth = last;
        tenthCount = events;
      }
      double rate = (events - firstCount) / seconds(last - firstAt);
      System.out.printf(
          Locale.ROOT,
          "drain: a backlog of %,d events already queued, taken by a freshly started service:"
              + " %,.0f events/s (first stored -> last stored, %.2f s; %.2f x the %,.0f/s target);"
              + " after the first tenth (JIT warm): %,.0f events/s%n",
          events,
          rate,
          seconds(last - firstAt),
          rate / TARGET_EVENTS_PER_SECOND,
          TARGET_EVENTS_PER_SECOND,
          (events - tenthCount) / seconds(last - tenth));
      if (cpu0 != null) {
        System.out.println("  CPU meanwhile: " + cpu1.since(cpu0));
      }
    }
  }

  /**
   * The ceiling this machine puts on any ingest right now: rows per second PostgreSQL takes into a
   * copy of audit_record (same columns and indexes, similar rows) with no client in the way.
   */
  private static double rawInsertRate(java.sql.Connection sql, int rows) throws SQLException {
    try (Statement s = sql.createStatement()) {
      s.execute("DROP TABLE IF EXISTS bench_raw_insert");
      s.execute("CREATE TABLE bench_raw_insert (LIKE audit_record INCLUDING ALL)");
      long t0 = System.nanoTime();
      s.execute(
          "INSERT INTO bench_raw_insert SELECT g, md5(g::text) || md5((g + 1)::text),"
              + " 'org.qhinguard.audit.recorded.v1', 'fhir-facade-service', NULL, now(), now(),"
              + " 'fhir-facade-service', 'FHIR_ACCESS', 'SUCCESS', 'p-' || (g % 20), 'c-' || (g %"
              + " 200), 'Observation', 'search', 'T-TRTMNT', ARRAY['pat-' || (g * 7919 % 100000)],"
              + " 3, repeat('x', 600), repeat('0', 64), md5(g::text) || md5(g::text) FROM"
              + " generate_series(1, "
              + rows
              + ") g");
      long t1 = System.nanoTime();
      s.execute("DROP TABLE bench_raw_insert");
      return rows / seconds(t1 - t0);
    }
  }

  private void latency(Channel ch, java.sql.Connection sql, int rate, int seconds)
      throws Exception {
    int total = rate * seconds;
    Map<String, Long> sentAt = new ConcurrentHashMap<>(total * 2);
    long[] delays = new long[total];
    long base = maxSeq(sql);
    int[] seen = {0};
    Thread poller =
        new Thread(
            () -> {
              long after = base;
              try (PreparedStatement ps =
                  sql.prepareStatement(
                      "SELECT seq, event_id FROM audit_record WHERE seq > ? ORDER BY seq LIMIT 20000")) {
                long deadline = System.nanoTime() + timeoutNanos;
                while (seen[0] < total && System.nanoTime() < deadline) {
                  ps.setLong(1, after);
                  try (ResultSet rs = ps.executeQuery()) {
                    long now = System.nanoTime();
                    while (rs.next()) {
                      after = rs.getLong(1);
                      Long sent = sentAt.get(rs.getString(2));
                      if (sent != null && seen[0] < total) {
                        delays[seen[0]++] = now - sent;
                      }
                    }
                  }
                  TimeUnit.MILLISECONDS.sleep(2);
                }
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
            },
            "poller");
    poller.start();
    long start = System.nanoTime();
    long tick = TimeUnit.SECONDS.toNanos(1) / 100;
    int perTick = Math.max(1, rate / 100);
    int sent = 0;
    AMQP.BasicProperties props = props();
    while (sent < total) {
      long due = start + (long) (sent / perTick) * tick;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      for (int i = 0; i < perTick && sent < total; i++, sent++) {
        CloudEvent<AuditEventData> e = event(sent);
        byte[] body = codec.encode(e);
        sentAt.put(e.id(), System.nanoTime());
        ch.basicPublish(exchange, Bus.routingKey(EventType.AUDIT_RECORDED), props, body);
      }
    }
    ch.waitForConfirmsOrDie(60_000);
    poller.join(TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
    int n = seen[0];
    if (n < total) {
      throw new IllegalStateException("only " + n + " of " + total + " events became queryable");
    }
    long[] d = Arrays.copyOf(delays, n);
    Arrays.sort(d);
    System.out.printf(
        Locale.ROOT,
        "publish -> queryable at %,d events/s for %d s (%,d events): p50 %.1f ms, p99 %.1f ms,"
            + " max %.1f ms%n",
        rate,
        seconds,
        n,
        millis(d[n / 2]),
        millis(d[(int) Math.ceil(n * 0.99) - 1]),
        millis(d[n - 1]));
  }

  private void publish(Channel ch, int n, int offset) throws Exception {
    AMQP.BasicProperties props = props();
    for (int i = 0; i < n; i++) {
      ch.basicPublish(
          exchange,
          Bus.routingKey(EventType.AUDIT_RECORDED),
          props,
          codec.encode(event(offset + i)));
      if (i % 5000 == 4999) {
        ch.waitForConfirmsOrDie(60_000);
      }
    }
    ch.waitForConfirmsOrDie(60_000);
  }

  private static AMQP.BasicProperties props() {
    return new AMQP.BasicProperties.Builder().contentType(Bus.CONTENT_TYPE).deliveryMode(2).build();
  }

  /** Realistic traffic: 20 participants, 200 clients, 100,000 patients, three resource types. */
  private static CloudEvent<AuditEventData> event(int i) {
    String[] types = {"Observation", "Condition", "MedicationRequest"};
    AuditEventData data =
        AuditEventData.builder("fhir-facade-service", AuditAction.FHIR_ACCESS, Outcome.SUCCESS)
            .participantId("p-" + (i % 20))
            .clientId("c-" + (i % 200))
            .caller("c-" + (i % 200))
            .purposeOfUse("T-TRTMNT")
            .grantedScopes("system/Observation.rs")
            .resourceType(types[i % 3])
            .interaction(i % 4 == 0 ? "read" : "search")
            .patientIds(List.of("pat-" + (i * 7919 % 100_000)))
            .resultCount(1 + i % 25)
            .build();
    return new CloudEvent<>(
        UUID.randomUUID().toString(),
        "fhir-facade-service",
        EventType.AUDIT_RECORDED,
        null,
        Instant.now(),
        data);
  }

  private void awaitQueue(Connection amqp) throws Exception {
    long deadline = System.nanoTime() + timeoutNanos;
    while (true) {
      try (Channel probe = amqp.createChannel()) {
        probe.queueDeclarePassive(queue);
        return;
      } catch (java.io.IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("audit-service never declared " + queue, e);
        }
        TimeUnit.MILLISECONDS.sleep(500);
      }
    }
  }

  private void awaitStored(java.sql.Connection sql, long seq) throws Exception {
    long deadline = System.nanoTime() + timeoutNanos;
    while (maxSeq(sql) < seq) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out at " + maxSeq(sql) + " of " + seq + " records");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private static long maxSeq(java.sql.Connection sql) throws SQLException {
    try (Statement s = sql.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM audit_record")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void cleanup() throws Exception {
    try (java.sql.Connection sql = db();
        Statement s = sql.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
    String prefix = arg("queue-prefix", null);
    try (Connection amqp = broker()) {
      Channel ch = amqp.createChannel();
      ch.queueDelete(prefix + "audit-service.events");
      ch.queueDelete(prefix + "audit-service.dlq");
      ch.exchangeDelete(prefix + "audit-service.dlx");
      ch.exchangeDelete(exchange);
    }
  }

  /**
   * CPU time from /proc (Linux): all CPUs' busy and total time, this process's and the service's.
   */
  private record Cpu(long busy, long total, long self, long service) {
    static Cpu now(String servicePid) {
      try {
        String[] cpu =
            java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat"))
                .get(0)
                .split(" +");
        long[] f = new long[8];
        for (int i = 0; i < 8; i++) {
          f[i] = Long.parseLong(cpu[i + 1]);
        }
        long busy = f[0] + f[1] + f[2] + f[5] + f[6];
        return new Cpu(
            busy,
            busy + f[3] + f[4],
            processTicks("self"),
            servicePid == null ? 0 : processTicks(servicePid));
      } catch (java.io.IOException | RuntimeException e) {
        return new Cpu(0, 0, 0, 0);
      }
    }

    private static long processTicks(String pid) throws java.io.IOException {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Assumes 100 clock ticks per second, the Linux default. */
    String since(Cpu start) {
      if (total == 0 || start.total == 0) {
        return "(no /proc)";
      }
      double busySec = (busy - start.busy) / 100.0;
      double totalSec = (total - start.total) / 100.0;
      double svc = (service - start.service) / 100.0;
      double own = (self - start.self) / 100.0;
      return String.format(
          Locale.ROOT,
          "machine %.0f%% busy (%.1f of %.1f core-s); audit-service %.1f core-s, this benchmark"
              + " process %.1f core-s, everything else (broker, PostgreSQL, others) %.1f core-s",
          100 * busySec / totalSec,
          busySec,
          totalSec,
          svc,
          own,
          busySec - svc - own);
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
