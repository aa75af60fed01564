package org.qhinguard.audit.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The {@code audit-events} channel: every event on the bus. Messages are handed to the ingest
 * pipeline and acknowledged by it after the database commit, not here.
 */
@ApplicationScoped
public class AuditEventConsumer {
  private final IngestPipeline pipeline;

  public AuditEventConsumer(IngestPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Incoming("audit-events")
  public CompletionStage<Void> receive(Message<byte[]> message) {
    pipeline.submit(message);
    return CompletableFuture.completedFuture(null);
  }
}
