package org.qhinguard.audit.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMessage;

/**
 * {@code messaging.Acknowledgements} reads the RabbitMQ client of a delivered message from the
 * connector's private field to acknowledge a whole committed batch at once; kept for a native
 * image, where it would otherwise fall back to one acknowledgement per message.
 */
@RegisterForReflection(targets = IncomingRabbitMQMessage.class, fields = true, methods = false)
final class ConnectorReflection {
  private ConnectorReflection() {}
}
