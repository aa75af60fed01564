package org.qhinguard.facade.access;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.qhinguard.common.smart.FhirResourceTypes;
import org.qhinguard.common.smart.Interaction;

/**
 * One FHIR RESTful request as the facade sees it (FHIR R4 3.1.0 RESTful API): what interaction, on
 * which type and instance, with which parameters. Built from the path below the FHIR base and the
 * raw query string; anything that is not a FHIR interaction is refused here.
 */
public record FhirRequest(
    Kind kind,
    String method,
    String resourceType,
    String id,
    String versionId,
    String operation,
    Map<String, List<String>> params,
    byte[] body,
    String contentType) {

  /** The shapes of FHIR interactions the facade recognises. */
  public enum Kind {
    CAPABILITIES(null),
    READ(Interaction.READ),
    VREAD(Interaction.VREAD),
    HISTORY_INSTANCE(Interaction.HISTORY),
    HISTORY_TYPE(Interaction.HISTORY),
    HISTORY_SYSTEM(Interaction.HISTORY),
    SEARCH_TYPE(Interaction.SEARCH),
    SEARCH_SYSTEM(Interaction.SEARCH),
    CREATE(Interaction.CREATE),
    UPDATE(Interaction.UPDATE),
    PATCH(Interaction.PATCH),
    DELETE(Interaction.DELETE),
    BATCH(null),
    OPERATION(Interaction.OPERATION);

    private final Interaction interaction;

    Kind(Interaction interaction) {
      this.interaction = interaction;
    }

    public Interaction interaction() {
      return interaction;
    }
  }

  /** FHIR R4 2.24.0.1 id: [A-Za-z0-9\-\.]{1,64}. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  private static final Pattern OPERATION = Pattern.compile("\\$[A-Za-z][A-Za-z0-9\\-]{0,63}");

  public FhirRequest {
    params = copy(params);
    body = body == null ? new byte[0] : body;
  }

  /** The interaction name used in audit events ({@code read}, {@code search}, {@code batch}). */
  public String interactionName() {
    return switch (kind) {
      case CAPABILITIES -> "capabilities";
      case BATCH -> "batch";
      case OPERATION -> "operation:" + operation;
      default -> kind.interaction().code();
    };
  }

  public FhirRequest withParams(Map<String, List<String>> newParams) {
    return new FhirRequest(
        kind, method, resourceType, id, versionId, operation, newParams, body, contentType);
  }

  public FhirRequest withBody(byte[] newBody) {
    return new FhirRequest(
        kind, method, resourceType, id, versionId, operation, params, newBody, contentType);
  }

  public Optional<String> param(String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** The path below the FHIR base, e.g. {@code Observation/obs-1/_history/2}. */
  public String path() {
    StringBuilder sb = new StringBuilder();
    switch (kind) {
      case CAPABILITIES -> sb.append("metadata");
      case BATCH, SEARCH_SYSTEM -> {}
      case HISTORY_SYSTEM -> sb.append("_history");
      case SEARCH_TYPE, CREATE -> sb.append(resourceType);
      case HISTORY_TYPE -> sb.append(resourceType).append("/_history");
      case READ, UPDATE, PATCH, DELETE -> sb.append(resourceType).append('/').append(id);
      case HISTORY_INSTANCE -> sb.append(resourceType).append('/').append(id).append("/_history");
      case VREAD ->
          sb.append(resourceType).append('/').append(id).append("/_history/").append(versionId);
      case OPERATION -> {
        if (resourceType != null) {
          sb.append(resourceType).append('/');
        }
        if (id != null) {
          sb.append(id).append('/');
        }
        sb.append(operation);
      }
    }
    return sb.toString();
  }

  /** The path and query to send upstream. */
  public String pathAndQuery() {
    String q = encodeQuery(params);
    return q.isEmpty() ? path() : path() + "?" + q;
  }

  /**
   * Classifies a request.
   *
   * @param path the path below the FHIR base, without leading slash, still percent-encoded
   * @param rawQuery the raw query string, or null
   */
  public static FhirRequest parse(
      String method, String path, String rawQuery, byte[] body, String contentType) {
    List<String> seg = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        seg.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
      }
    }
    Map<String, List<String>> params = parseQuery(rawQuery);
    String m = method.toUpperCase(java.util.Locale.ROOT);
    int n = seg.size();
    if (n == 0) {
      return switch (m) {
        case "POST" -> of(Kind.BATCH, m, null, null, null, null, params, body, contentType);
        case "GET" -> of(Kind.SEARCH_SYSTEM, m, null, null, null, null, params, body, contentType);
        default -> throw notAllowed(m, "the FHIR base");
      };
    }
    String first = seg.get(0);
    if (n == 1 && first.equals("metadata")) {
      requireMethod(m, "GET", "metadata");
      return of(Kind.CAPABILITIES, m, null, null, null, null, params, body, contentType);
    }
    if (first.equals("_history")) {
      requireMethod(m, "GET", "_history");
      requireLength(n, 1, path);
      return of(Kind.HISTORY_SYSTEM, m, null, null, null, null, params, body, contentType);
    }
    if (OPERATION.matcher(first).matches()) {
      requireLength(n, 1, path);
      return of(Kind.OPERATION, m, null, null, null, first, params, body, contentType);
    }
    if (!FhirResourceTypes.isKnown(first)) {
      throw new FacadeException(
          404, "not-supported", "'" + first + "' is not a FHIR R4 resource type");
    }
    if (n == 1) {
      return switch (m) {
        case "GET" -> of(Kind.SEARCH_TYPE, m, first, null, null, null, params, body, contentType);
        case "POST" -> of(Kind.CREATE, m, first, null, null, null, params, body, contentType);
        default -> throw notAllowed(m, first);
      };
    }
    String second = seg.get(1);
    if (second.equals("_history")) {
      requireMethod(m, "GET", "_history");
      requireLength(n, 2, path);
      return of(Kind.HISTORY_TYPE, m, first, null, null, null, params, body, contentType);
    }
    if (second.equals("_search")) {
      throw FacadeException.badRequest("POST _search is not supported; search with GET");
    }
    if (OPERATION.matcher(second).matches()) {
      requireLength(n, 2, path);
      return of(Kind.OPERATION, m, first, null, null, second, params, body, contentType);
    }
    if (!ID.matcher(second).matches()) {
      throw FacadeException.badRequest("'" + second + "' is not a valid FHIR id");
    }
    if (n == 2) {
      Kind kind =
          switch (m) {
            case "GET" -> Kind.READ;
            case "PUT" -> Kind.UPDATE;
            case "PATCH" -> Kind.PATCH;
            case "DELETE" -> Kind.DELETE;
            default -> throw notAllowed(m, first + "/" + second);
          };
      return of(kind, m, first, second, null, null, params, body, contentType);
    }
    String third = seg.get(2);
    if (third.equals("_history")) {
      requireMethod(m, "GET", "_history");
      if (n == 3) {
        return of(Kind.HISTORY_INSTANCE, m, first, second, null, null, params, body, contentType);
      }
      requireLength(n, 4, path);
      if (!ID.matcher(seg.get(3)).matches()) {
        throw FacadeException.badRequest("'" + seg.get(3) + "' is not a valid version id");
      }
      return of(Kind.VREAD, m, first, second, seg.get(3), null, params, body, contentType);
    }
    if (OPERATION.matcher(third).matches()) {
      requireLength(n, 3, path);
      return of(Kind.OPERATION, m, first, second, null, third, params, body, contentType);
    }
    throw FacadeException.badRequest(
        "compartment searches such as '" + path + "' are not supported; search with ?patient=");
  }

  private static FhirRequest of(
      Kind k,
      String m,
      String type,
      String id,
      String vid,
      String op,
      Map<String, List<String>> params,
      byte[] body,
      String ct) {
    return new FhirRequest(k, m, type, id, vid, op, params, body, ct);
  }

  private static void requireMethod(String m, String expected, String what) {
    if (!m.equals(expected)) {
      throw notAllowed(m, what);
    }
  }

  private static void requireLength(int n, int expected, String path) {
    if (n != expected) {
      throw FacadeException.badRequest("'" + path + "' is not a FHIR interaction");
    }
  }

  private static FacadeException notAllowed(String method, String what) {
    return new FacadeException(
        405, "not-supported", method + " is not a FHIR interaction on " + what);
  }

  public static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      } catch (IllegalArgumentException e) {
        throw FacadeException.badRequest("bad percent-encoding in the query: " + pair);
      }
    }
    return out;
  }

  public static String encodeQuery(Map<String, List<String>> params) {
    StringBuilder sb = new StringBuilder();
    params.forEach(
        (k, vs) ->
            vs.forEach(
                v -> {
                  if (sb.length() > 0) {
                    sb.append('&');
                  }
                  sb.append(enc(k)).append('=').append(enc(v));
                }));
    return sb.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8)
        .replace("%3A", ":")
        .replace("%7C", "|")
        .replace("%2C", ",")
        .replace("%2F", "/");
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> in) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (in != null) {
      in.forEach((k, v) -> out.put(k, List.copyOf(v)));
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
