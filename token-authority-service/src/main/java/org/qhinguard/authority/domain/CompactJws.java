package org.qhinguard.authority.domain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The structure of a compact JWS (RFC 7515 section 7.1) read strictly before any key is touched:
 * three base64url parts, a header and a payload that are each exactly one JSON object without
 * duplicate member names (RFC 7519 section 4 lets us reject those).
 */
public record CompactJws(String compact, JsonNode header, JsonNode payload) {

  private static final Pattern B64URL = Pattern.compile("[A-Za-z0-9_-]+");

  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonParser.Feature.ALLOW_COMMENTS)
          .build();

  public static CompactJws parse(String compact) throws MalformedTokenException {
    if (compact == null || compact.isEmpty()) {
      throw new MalformedTokenException("empty token");
    }
    String[] parts = compact.split("\\.", -1);
    if (parts.length == 5) {
      throw new MalformedTokenException("encrypted (JWE) tokens are not accepted");
    }
    if (parts.length != 3) {
      throw new MalformedTokenException("not three dot-separated parts");
    }
    for (String part : parts) {
      if (!B64URL.matcher(part).matches()) {
        throw new MalformedTokenException("a part is empty or not unpadded base64url");
      }
    }
    JsonNode header = object(parts[0], "header");
    JsonNode payload = object(parts[1], "payload");
    return new CompactJws(compact, header, payload);
  }

  private static JsonNode object(String part, String what) throws MalformedTokenException {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw new MalformedTokenException(what + " is not base64url");
    }
    JsonNode node;
    try {
      node = STRICT.readTree(bytes);
    } catch (IOException e) {
      throw new MalformedTokenException(what + " is not one JSON object without duplicate names");
    }
    if (node == null || !node.isObject()) {
      throw new MalformedTokenException(what + " is not a JSON object");
    }
    return node;
  }

  public Optional<String> headerText(String name) {
    return text(header, name);
  }

  public Optional<String> claimText(String name) {
    return text(payload, name);
  }

  public boolean hasHeader(String name) {
    return header.has(name);
  }

  public boolean hasClaim(String name) {
    return payload.has(name);
  }

  /** A NumericDate claim (RFC 7519 section 2): a JSON number, seconds since the epoch. */
  public Optional<Long> numericDate(String name) throws MalformedTokenException {
    JsonNode v = payload.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isNumber()) {
      throw new MalformedTokenException(name + " is not a NumericDate");
    }
    return Optional.of(v.asLong());
  }

  /** {@code aud}: one string or an array of strings (RFC 7519 section 4.1.3). */
  public List<String> audiences() throws MalformedTokenException {
    JsonNode aud = payload.get("aud");
    List<String> out = new ArrayList<>();
    if (aud == null || aud.isNull()) {
      return out;
    }
    if (aud.isTextual()) {
      out.add(aud.asText());
      return out;
    }
    if (!aud.isArray()) {
      throw new MalformedTokenException("aud is neither a string nor an array");
    }
    for (JsonNode a : aud) {
      if (!a.isTextual()) {
        throw new MalformedTokenException("aud holds a non-string");
      }
      out.add(a.asText());
    }
    return out;
  }

  /** A claim that must be a string when present; anything else is malformed. */
  public Optional<String> stringClaim(String name) throws MalformedTokenException {
    JsonNode v = payload.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new MalformedTokenException(name + " is not a string");
    }
    return Optional.of(v.asText());
  }

  private static Optional<String> text(JsonNode node, String name) {
    JsonNode v = node.get(name);
    return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }
}
