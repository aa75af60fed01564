package org.qhinguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The few HTTP calls the scenario makes, with JSON bodies read once. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  record Reply(int status, HttpResponse<String> raw, JsonNode json) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    String text(String field) {
      JsonNode v = json == null ? null : json.get(field);
      return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public String toString() {
      String body = raw.body();
      return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (URLEncoder.encode(user, StandardCharsets.UTF_8)
                        + ":"
                        + URLEncoder.encode(password, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  static Map<String, String> form(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        m.put(pairs[i], pairs[i + 1]);
      }
    }
    return m;
  }

  Reply postForm(String url, String authorization, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(15))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return send(b.build());
  }

  Reply postJson(String url, String authorization, Object body) {
    return sendJson("POST", url, authorization, body, "application/json", null);
  }

  Reply sendJson(
      String method,
      String url,
      String authorization,
      Object body,
      String contentType,
      String ifMatch) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(15))
              .header("Content-Type", contentType)
              .header("Accept", "application/json")
              .method(
                  method,
                  HttpRequest.BodyPublishers.ofString(
                      body == null ? "" : JSON.writeValueAsString(body)));
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      if (ifMatch != null) {
        b.header("If-Match", ifMatch);
      }
      return send(b.build());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Reply get(String url, String authorization, String accept) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(15))
            .header("Accept", accept)
            .GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return send(b.build());
  }

  private Reply send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      String body = r.body();
      if (body != null && !body.isBlank() && (body.startsWith("{") || body.startsWith("["))) {
        try {
          json = JSON.readTree(body);
        } catch (IOException notJson) {
          json = null;
        }
      }
      return new Reply(r.statusCode(), r, json);
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
