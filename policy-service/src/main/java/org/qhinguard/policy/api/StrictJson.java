package org.qhinguard.policy.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
    UnknownFields unknown = new UnknownFields();
    T value;
    try {
      value = mapper.readerFor(type).withHandler(unknown).readValue(node);
    } catch (JsonMappingException e) {
      throw PolicyException.invalid(path(e.getPath()), "has the wrong type or format");
    } catch (IOException e) {
      throw PolicyException.badRequest("the request body cannot be read: " + e.getMessage());
    }
    List<FieldError> errors = new ArrayList<>(unknown.fields);
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

  /** Collects every unknown field instead of failing on the first (RFC 9457 lists them all). */
  private static final class UnknownFields extends DeserializationProblemHandler {
    final List<FieldError> fields = new ArrayList<>();

    @Override
    public boolean handleUnknownProperty(
        DeserializationContext ctxt,
        JsonParser p,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      String at = pointerPath(p.getParsingContext().pathAsPointer());
      if (!at.endsWith(propertyName)) {
        at = at.isEmpty() ? propertyName : at + "." + propertyName;
      }
      fields.add(new FieldError(at, "unknown field"));
      p.skipChildren();
      return true;
    }
  }

  private static String pointerPath(JsonPointer pointer) {
    StringBuilder sb = new StringBuilder();
    for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
      if (p.mayMatchElement()) {
        sb.append('[').append(p.getMatchingIndex()).append(']');
      } else {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(p.getMatchingProperty());
      }
    }
    return sb.toString();
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
