package org.qhinguard.policy.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.qhinguard.common.policy.ParticipantSnapshot;

/** How snapshots and diffs are stored: JSON of the shared records, read back strictly. */
public final class SnapshotJson {
  private SnapshotJson() {}

  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  public static ParticipantSnapshot snapshot(String json) {
    try {
      return MAPPER.readValue(json, ParticipantSnapshot.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored snapshot is unreadable", e);
    }
  }

  public static JsonNode tree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable", e);
    }
  }

  public static JsonNode tree(Object value) {
    return value == null ? MAPPER.createObjectNode() : MAPPER.valueToTree(value);
  }
}
