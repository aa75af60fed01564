package org.qhinguard.audit.messaging;

import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/** An outgoing message whose future completes when the broker confirmed it (or refused it). */
public record Confirmed(Message<byte[]> message, CompletableFuture<Void> confirmed) {

  public static Confirmed of(byte[] body, Metadata metadata) {
    CompletableFuture<Void> confirmed = new CompletableFuture<>();
    Message<byte[]> m =
        Message.of(
            body,
            metadata,
            () -> {
              confirmed.complete(null);
              return CompletableFuture.completedFuture(null);
            },
            t -> {
              confirmed.completeExceptionally(t);
              return CompletableFuture.completedFuture(null);
            });
    return new Confirmed(m, confirmed);
  }
}
