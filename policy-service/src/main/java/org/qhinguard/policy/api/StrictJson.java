package org.qhinguard.policy.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.qhinguard.policy.domain.PolicyException;
import org.qhinguard.policy.domain.PolicyException.FieldError;

/**
 * Reads request bodies strictly: malformed JSON, duplicate keys, wrong types and unknown fields are
 * 400s naming each bad field, then Hibernate Validator checks the result.
 */
@ApplicationScoped
public class StrictJson {

  private final ObjectMapper mapper =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  @Inject Validator validator;

  public JsonNode tree(String body) {
    if (body == null || body.isBlank()) {
      throw PolicyException.badRequest("the request body is empty");
    }
    try {
      return mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw PolicyException.badRequest("the request body is not JSON: " + e.getOriginalMessage());
    }
  }

  public <T> T read(String body, Class<T> type) {
    return read(tree(body), type);
  }

  public <T> T read(JsonNode node, Class<T> type) {
    if (node == null || !node.isObject()) {
      throw PolicyException.badRequest("the request body must be a JSON object");
    }
    List<FieldError> errors = new ArrayList<>();
    unknownFields(node, mapper.constructType(type), "", errors);
    T value;
    try {
      value = mapper.readerFor(type).withHandler(new SkipUnknown()).readValue(node);
    } catch (JsonMappingException e) {
      throw PolicyException.invalid(path(e.getPath()), "has the wrong type or format");
    } catch (IOException e) {
      throw PolicyException.badRequest("the request body cannot be read: " + e.getMessage());
    }
    for (ConstraintViolation<T> v : validator.validate(value)) {
      errors.add(new FieldError(clean(v.getPropertyPath().toString()), v.getMessage()));
    }
    if (!errors.isEmpty()) {
      errors.sort(Comparator.comparing(FieldError::field));
      throw PolicyException.invalid(errors);
    }
    return value;
  }

  public JsonNode toTree(Object value) {
    return mapper.valueToTree(value);
  }

  /** Skips unknown fields so that every one of them can be reported, not only the first. */
  private static final class SkipUnknown extends DeserializationProblemHandler {
    @Override
    public boolean handleUnknownProperty(
        DeserializationContext ctxt,
        JsonParser p,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      p.skipChildren();
      return true;
    }
  }

  /** The fields of {@code node} that the record {@code type} (and the records in it) lack. */
  private void unknownFields(JsonNode node, JavaType type, String path, List<FieldError> out) {
    if (node == null || node.isNull()) {
      return;
    }
    if (type.isMapLikeType() && node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> unknownFields(e.getValue(), type.getContentType(), join(path, e.getKey()), out));
    } else if (type.isCollectionLikeType() && node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        unknownFields(node.get(i), type.getContentType(), path + "[" + i + "]", out);
      }
    } else if (type.getRawClass().isRecord() && node.isObject()) {
      Map<String, JavaType> components = new HashMap<>();
      for (RecordComponent c : type.getRawClass().getRecordComponents()) {
        components.put(c.getName(), mapper.getTypeFactory().constructType(c.getGenericType()));
      }
      node.fields()
          .forEachRemaining(
              e -> {
                JavaType t = components.get(e.getKey());
                if (t == null) {
                  out.add(new FieldError(join(path, e.getKey()), "unknown field"));
                } else {
                  unknownFields(e.getValue(), t, join(path, e.getKey()), out);
                }
              });
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.isEmpty() ? "(body)" : sb.toString();
  }

  /** Hibernate Validator paths name container elements ({@code .<list element>}); drop them. */
  private static String clean(String path) {
    return path.replaceAll("\\.?<[^>]*>", "");
  }
}
