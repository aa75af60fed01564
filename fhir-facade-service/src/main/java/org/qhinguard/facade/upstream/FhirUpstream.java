package org.qhinguard.facade.upstream;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.TimeoutException;
import org.qhinguard.facade.access.FacadeException;
import org.qhinguard.facade.config.FacadeConfig;

/**
 * The upstream FHIR server over pooled keep-alive HTTP/1.1 connections. The partner's token never
 * goes upstream. No answer in time is a 504, no connection a 502.
 */
@ApplicationScoped
public class FhirUpstream {

  /** An upstream answer. */
  public record Answer(int status, String contentType, String location, byte[] body) {}

  private final WebClient client;
  private final String base;
  private final long timeoutMs;
  private final int maxBody;

  public FhirUpstream(Vertx vertx, FacadeConfig config) {
    URI uri = URI.create(config.upstream().url());
    this.base = config.upstream().url().replaceAll("/+$", "");
    this.timeoutMs = config.upstream().timeout().toMillis();
    this.maxBody = config.upstream().maxBodyBytes();
    WebClientOptions options =
        new WebClientOptions()
            .setKeepAlive(true)
            .setMaxPoolSize(config.upstream().maxConnections())
            .setConnectTimeout((int) config.upstream().connectTimeout().toMillis())
            .setTryUseCompression(false)
            .setSsl("https".equals(uri.getScheme()));
    this.client = WebClient.create(vertx, options);
  }

  public String base() {
    return base;
  }

  public Uni<Answer> send(String method, String pathAndQuery, byte[] body, String contentType) {
    HttpRequest<Buffer> req =
        client
            .requestAbs(HttpMethod.valueOf(method), base + "/" + pathAndQuery)
            .putHeader("Accept", "application/fhir+json")
            .timeout(timeoutMs);
    Uni<io.vertx.mutiny.ext.web.client.HttpResponse<Buffer>> sent;
    if (body != null && body.length > 0) {
      req.putHeader("Content-Type", contentType == null ? "application/fhir+json" : contentType);
      sent = req.sendBuffer(Buffer.buffer(body));
    } else {
      sent = req.send();
    }
    return sent.map(
            r -> {
              Buffer b = r.body();
              if (b != null && b.length() > maxBody) {
                throw FacadeException.badGateway(
                    "the upstream answer exceeds " + maxBody + " bytes");
              }
              return new Answer(
                  r.statusCode(),
                  r.getHeader("Content-Type"),
                  r.getHeader("Location"),
                  b == null ? new byte[0] : b.getBytes());
            })
        .onFailure(e -> !(e instanceof FacadeException))
        .transform(FhirUpstream::translate);
  }

  private static Throwable translate(Throwable e) {
    if (e instanceof TimeoutException
        || e instanceof io.netty.handler.timeout.TimeoutException
        || String.valueOf(e.getMessage()).contains("timeout")) {
      return FacadeException.gatewayTimeout("the upstream FHIR server did not answer in time");
    }
    if (e instanceof ConnectException) {
      return FacadeException.badGateway("the upstream FHIR server cannot be reached");
    }
    return FacadeException.badGateway(
        "the upstream FHIR server failed: " + e.getClass().getSimpleName());
  }

  @PreDestroy
  void close() {
    client.close();
  }
}
