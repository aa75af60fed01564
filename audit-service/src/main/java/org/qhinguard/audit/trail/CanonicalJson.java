package org.qhinguard.audit.trail;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * One JSON text per value: object keys sorted, no insignificant whitespace (in the spirit of RFC
 * 8785), so that equal events hash equally wherever they are serialised.
 */
public final class CanonicalJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  /** The sorting twin of the last mapper {@link #writeValue} was given. */
  private static volatile ObjectMapper[] sorting = {null, null};

  private CanonicalJson() {}

  /**
   * The same text as {@code write(mapper.valueToTree(value))}, serialised directly with properties
   * and map keys sorted: for values made of records, scalars, lists and maps (the bus's data
   * types), not for values holding a {@link JsonNode}, whose keys it would not sort.
   */
  public static String writeValue(Object value, ObjectMapper mapper) {
    if (!(mapper instanceof JsonMapper json)) {
      return write(mapper.valueToTree(value));
    }
    ObjectMapper[] pair = sorting;
    if (pair[0] != mapper) {
      ObjectMapper sorted =
          json.rebuild()
              .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
              .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
              .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
              .build();
      pair = new ObjectMapper[] {mapper, sorted};
      sorting = pair;
    }
    try {
      return pair[1].writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String write(JsonNode node) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      write(node, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonNode node, JsonGenerator g) throws IOException {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
      g.writeStartObject();
      for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
        g.writeFieldName(e.getKey());
        write(e.getValue(), g);
      }
      g.writeEndObject();
    } else if (node.isArray()) {
      g.writeStartArray();
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        write(it.next(), g);
      }
      g.writeEndArray();
    } else {
      MAPPER.writeTree(g, node);
    }
  }
}
