package org.qhinguard.facade.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.qhinguard.common.events.AuditAction;
import org.qhinguard.common.events.AuditEventData;
import org.qhinguard.common.events.CloudEvent;
import org.qhinguard.common.events.EventCodec;
import org.qhinguard.common.events.EventRejectedException;
import org.qhinguard.common.events.PolicyChangedData;
import org.qhinguard.facade.authority.GrantCache;
import org.qhinguard.facade.authority.Introspector;
import org.qhinguard.facade.policy.ParticipantPolicies;

/**
 * Drops cached snapshots and introspections when the bus says they are stale: {@code
 * org.qhinguard.policy.changed.v1} (the participant's snapshot and tokens) and a {@code
 * TOKEN_REVOCATION} audit event (by jti, else by client). Each replica has its own queue.
 */
@ApplicationScoped
public class CacheInvalidation {
  private static final Logger LOG = Logger.getLogger(CacheInvalidation.class);
  private static final byte[] REVOCATION =
      AuditAction.TOKEN_REVOCATION.name().getBytes(StandardCharsets.US_ASCII);

  private final EventCodec codec = new EventCodec();
  private final ParticipantPolicies policies;
  private final GrantCache grants;

  public CacheInvalidation(ParticipantPolicies policies, Introspector introspector) {
    this.policies = policies;
    this.grants = introspector.cache();
  }

  @Incoming("bus-in")
  @Blocking(ordered = false)
  public CompletionStage<Void> on(Message<?> message) {
    byte[] body = bytes(message.getPayload());
    // Every access anywhere is an audit event; only revocations concern this cache, so the
    // rest are skipped before decoding.
    if (body != null && isAudit(message) && !contains(body, REVOCATION)) {
      return message.ack();
    }
    try {
      apply(codec.decode(body));
      return message.ack();
    } catch (EventRejectedException e) {
      LOG.warnf("dead-lettering an event: %s", e.getMessage());
      return message.nack(e);
    }
  }

  void apply(CloudEvent<?> event) {
    if (event.data() instanceof PolicyChangedData pc) {
      policies.changed(pc.participantId(), pc.version());
      grants.dropParticipant(pc.participantId());
    } else if (event.data() instanceof AuditEventData a
        && a.action() == AuditAction.TOKEN_REVOCATION) {
      grants.dropRevoked(a.clientId(), a.details().get("jti"));
    }
  }

  private static boolean isAudit(Message<?> message) {
    return message
        .getMetadata(io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata.class)
        .map(m -> "org.qhinguard.audit.recorded.v1".equals(m.getRoutingKey()))
        .orElse(false);
  }

  private static byte[] bytes(Object payload) {
    if (payload instanceof byte[] b) {
      return b;
    }
    if (payload instanceof Buffer b) {
      return b.getBytes();
    }
    if (payload instanceof io.vertx.mutiny.core.buffer.Buffer b) {
      return b.getBytes();
    }
    if (payload instanceof JsonObject j) {
      return j.encode().getBytes(StandardCharsets.UTF_8);
    }
    return payload == null ? null : payload.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
