package org.qhinguard.authority.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback TCP link between the audit relay and the real RabbitMQ that a test can cut, to see the
 * broker "briefly down" without stopping the shared broker.
 */
public class FlakyBrokerLink implements QuarkusTestResourceLifecycleManager {

  private static final AtomicBoolean UP = new AtomicBoolean(true);
  private static final List<Socket> OPEN = new CopyOnWriteArrayList<>();
  private ServerSocket listener;

  public static void cut() {
    UP.set(false);
    for (Socket s : OPEN) {
      closeQuietly(s);
    }
    OPEN.clear();
  }

  public static void restore() {
    UP.set(true);
  }

  @Override
  public Map<String, String> start() {
    String host = env("QG_RABBITMQ_HOST", "127.0.0.1");
    int port = Integer.parseInt(env("QG_RABBITMQ_PORT", "5672"));
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Thread acceptor =
        new Thread(
            () -> {
              while (!listener.isClosed()) {
                try {
                  Socket client = listener.accept();
                  if (!UP.get()) {
                    closeQuietly(client);
                    continue;
                  }
                  Socket broker = new Socket(host, port);
                  OPEN.add(client);
                  OPEN.add(broker);
                  pipe(client, broker);
                  pipe(broker, client);
                } catch (IOException e) {
                  // listener closed or broker refused; the relay retries
                }
              }
            },
            "flaky-broker-link");
    acceptor.setDaemon(true);
    acceptor.start();
    return Map.of(
        "qg.authority.audit.broker.host",
        "127.0.0.1",
        "qg.authority.audit.broker.port",
        Integer.toString(listener.getLocalPort()));
  }

  @Override
  public void stop() {
    closeQuietly(listener);
    cut();
  }

  private static void pipe(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // link cut
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "flaky-broker-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
