package org.qhinguard.common.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
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
    // One streaming pass, no tree: the envelope's attributes are read as they come, the data is
    // kept as tokens until the type says which record it must be. Duplicate keys at any depth are
    // malformed (STRICT_DUPLICATE_DETECTION), as they were for the tree this replaced.
    Envelope e = new Envelope();
    try (JsonParser p = mapper.getFactory().createParser(body)) {
      p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new EventRejectedException(Reason.MALFORMED, "not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals("data")) {
          e.dataIsObject = t == JsonToken.START_OBJECT;
          e.data = e.dataIsObject ? TokenBuffer.asCopyOfValue(p) : null;
          if (!e.dataIsObject) {
            p.skipChildren();
          }
        } else {
          String v = t == JsonToken.VALUE_STRING ? p.getText() : null;
          p.skipChildren();
          e.attribute(name, v);
        }
      }
    } catch (JsonProcessingException ex) {
      throw new EventRejectedException(Reason.MALFORMED, "not JSON: " + ex.getOriginalMessage());
    } catch (IOException ex) {
      throw new EventRejectedException(Reason.MALFORMED, "not JSON: " + ex.getMessage());
    }
    if (!CloudEvent.SPEC_VERSION.equals(e.specversion)) {
      throw new EventRejectedException(
          Reason.NOT_CLOUDEVENTS_1_0, "specversion is " + e.specversion);
    }
    String id = required(e.id, "id");
    String source = required(e.source, "source");
    String type = required(e.type, "type");
    EventType eventType =
        EventType.fromType(type)
            .orElseThrow(
                () ->
                    EventType.isUnknownVersionOfKnownFamily(type)
                        ? new EventRejectedException(Reason.UNSUPPORTED_VERSION, type)
                        : new EventRejectedException(Reason.UNKNOWN_TYPE, type));
    if (e.datacontenttype != null && !e.datacontenttype.startsWith("application/json")) {
      throw new EventRejectedException(Reason.INVALID_DATA, "datacontenttype " + e.datacontenttype);
    }
    Instant time;
    try {
      time = Instant.parse(required(e.time, "time"));
    } catch (DateTimeParseException ex) {
      throw new EventRejectedException(Reason.MALFORMED, "time is not RFC 3339");
    }
    if (!e.dataIsObject) {
      throw new EventRejectedException(Reason.INVALID_DATA, "data must be a JSON object");
    }
    Object value;
    try (JsonParser data = e.data.asParser(mapper)) {
      value = mapper.readValue(data, eventType.dataClass());
    } catch (JsonProcessingException | IllegalArgumentException ex) {
      String msg =
          ex instanceof JsonProcessingException j ? j.getOriginalMessage() : ex.getMessage();
      throw new EventRejectedException(Reason.INVALID_DATA, type + ": " + msg);
    } catch (IOException ex) {
      throw new EventRejectedException(Reason.INVALID_DATA, type + ": " + ex.getMessage());
    }
    return new CloudEvent<>(id, source, eventType, e.subject, time, value);
  }

  /** The context attributes of an event as read; a non-string value reads as absent. */
  private static final class Envelope {
    String specversion;
    String id;
    String source;
    String type;
    String subject;
    String time;
    String datacontenttype;
    TokenBuffer data;
    boolean dataIsObject;

    void attribute(String name, String value) {
      switch (name) {
        case "specversion" -> specversion = value;
        case "id" -> id = value;
        case "source" -> source = value;
        case "type" -> type = value;
        case "subject" -> subject = value;
        case "time" -> time = value;
        case "datacontenttype" -> datacontenttype = value;
        default -> {
          // an extension attribute (CloudEvents 1.0 section 3.3): not ours to judge
        }
      }
    }
  }

  private static String required(String v, String field) throws EventRejectedException {
    if (v == null || v.isEmpty()) {
      throw new EventRejectedException(Reason.MALFORMED, "missing attribute '" + field + "'");
    }
    return v;
  }
}
