package org.qhinguard.bench.facade;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;

/**
 * A reverse proxy that checks nothing and records nothing: Vert.x (the facade's own HTTP stack) on
 * two event loops with pooled keep-alive connections, relaying each request and its buffered
 * answer. Run beside the facade, it shows what one HTTP hop alone costs on this machine, so the
 * facade's throughput can be read against what any proxy reaches, not only against no proxy.
 *
 * <p>Usage: {@code java -cp bench-facade-proxy.jar org.qhinguard.bench.facade.NoopProxy <port>
 * <upstream base URL>}
 */
public final class NoopProxy extends AbstractVerticle {
  private record Relayed(int status, String type, Buffer body) {}

  private final int port;
  private final URI upstream;
  private HttpClient client;

  private NoopProxy(int port, URI upstream) {
    this.port = port;
    this.upstream = upstream;
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    URI upstream = URI.create(args[1]);
    Vertx vertx = Vertx.vertx();
    vertx
        .deployVerticle(
            () -> new NoopProxy(port, upstream), new DeploymentOptions().setInstances(2))
        .onSuccess(id -> System.out.println("noop proxy on " + port))
        .onFailure(
            e -> {
              e.printStackTrace();
              System.exit(1);
            });
  }

  @Override
  public void start(Promise<Void> started) {
    client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(32)
                .setDefaultHost(upstream.getHost())
                .setDefaultPort(upstream.getPort()));
    vertx
        .createHttpServer()
        .requestHandler(this::relay)
        .listen(port, "127.0.0.1")
        .<Void>mapEmpty()
        .onComplete(started);
  }

  private void relay(HttpServerRequest req) {
    client
        .request(req.method(), req.uri())
        .compose(
            out -> {
              String accept = req.getHeader("Accept");
              if (accept != null) {
                out.putHeader("Accept", accept);
              }
              return out.send();
            })
        .compose(
            answer ->
                answer
                    .body()
                    .map(
                        b -> new Relayed(answer.statusCode(), answer.getHeader("Content-Type"), b)))
        .onSuccess(
            r -> {
              if (r.type() != null) {
                req.response().putHeader("Content-Type", r.type());
              }
              req.response().setStatusCode(r.status()).end(r.body());
            })
        .onFailure(e -> req.response().setStatusCode(502).end());
  }
}
