package org.qhinguard.common.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.qhinguard.common.events.EventRejectedException.Reason;

/**
 * Writes and reads CloudEvents 1.0 structured JSON. Reading is strict: a known type of a version
 * this code does not know, a missing required attribute or data that does not match the type's
 * record is rejected with a reason, never guessed at.
 */
public final class EventCodec {

  private final ObjectMapper mapper;

  public EventCodec() {
    this.mapper =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public byte[] encode(CloudEvent<?> event) {
    ObjectNode node = mapper.createObjectNode();
    node.put("specversion", CloudEvent.SPEC_VERSION);
    node.put("id", event.id());
    node.put("source", event.source());
    node.put("type", event.eventType().type());
    if (event.subject() != null) {
      node.put("subject", event.subject());
    }
    node.put("time", event.time().toString());
    node.put("datacontenttype", "application/json");
    node.set("data", mapper.valueToTree(event.data()));
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode event " + event.id(), e);
    }
  }

  public String encodeToString(CloudEvent<?> event) {
    return new String(encode(event), java.nio.charset.StandardCharsets.UTF_8);
  }

  public CloudEvent<?> decode(byte[] body) throws EventRejectedException {
    if (body == null || body.length == 0) {
      throw new EventRejectedException(Reason.MALFORMED, "empty body");
    }
    if (body.length > Bus.MAX_EVENT_BYTES) {
      throw new EventRejectedException(
          Reason.OVERSIZED, body.length + " bytes, limit " + Bus.MAX_EVENT_BYTES);
    }
    JsonNode node;
    try {
      node = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw new EventRejectedException(Reason.MALFORMED, "not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new EventRejectedException(Reason.MALFORMED, "not JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new EventRejectedException(Reason.MALFORMED, "not a JSON object");
    }
    if (!CloudEvent.SPEC_VERSION.equals(text(node, "specversion"))) {
      throw new EventRejectedException(
          Reason.NOT_CLOUDEVENTS_1_0, "specversion is " + text(node, "specversion"));
    }
    String id = required(node, "id");
    String source = required(node, "source");
    String type = required(node, "type");
    EventType eventType =
        EventType.fromType(type)
            .orElseThrow(
                () ->
                    EventType.isUnknownVersionOfKnownFamily(type)
                        ? new EventRejectedException(Reason.UNSUPPORTED_VERSION, type)
                        : new EventRejectedException(Reason.UNKNOWN_TYPE, type));
    String dct = text(node, "datacontenttype");
    if (dct != null && !dct.startsWith("application/json")) {
      throw new EventRejectedException(Reason.INVALID_DATA, "datacontenttype " + dct);
    }
    Instant time;
    try {
      String t = required(node, "time");
      time = Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw new EventRejectedException(Reason.MALFORMED, "time is not RFC 3339");
    }
    JsonNode data = node.get("data");
    if (data == null || !data.isObject()) {
      throw new EventRejectedException(Reason.INVALID_DATA, "data must be a JSON object");
    }
    Object value;
    try {
      value = mapper.treeToValue(data, eventType.dataClass());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new EventRejectedException(Reason.INVALID_DATA, type + ": " + msg);
    }
    return new CloudEvent<>(id, source, eventType, text(node, "subject"), time, value);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || !v.isTextual() ? null : v.asText();
  }

  private static String required(JsonNode node, String field) throws EventRejectedException {
    String v = text(node, field);
    if (v == null || v.isEmpty()) {
      throw new EventRejectedException(Reason.MALFORMED, "missing attribute '" + field + "'");
    }
    return v;
  }
}
