package org.qhinguard.fhirupstream;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/**
 * A FHIR R4 REST server over {@link ResourceStore}, on the JDK's HTTP server (no servlet container
 * on the facade's classpath to fight Quarkus). Interactions: capabilities, read, vread, instance
 * history, search (GET), create, update, delete, batch/transaction of those, and {@code
 * Patient/[id]/$everything}. Encoding and {@code _elements}/{@code _summary} are HAPI's parser.
 */
public final class FhirUpstreamServer implements AutoCloseable {

  public static final String BASE_PATH = "/fhir";
  private static final String JSON = "application/fhir+json;charset=utf-8";
  private static final String XML = "application/fhir+xml;charset=utf-8";
  private static final int DEFAULT_COUNT = 50;
  private static final int MAX_COUNT = 1000;

  private final FhirContext ctx;
  private final ResourceStore store;
  private final SearchEngine search;
  private final HttpServer http;
  private final ExecutorService workers;
  private final AtomicLong requests = new AtomicLong();

  private FhirUpstreamServer(FhirContext ctx, ResourceStore store, HttpServer http, int threads) {
    this.ctx = ctx;
    this.store = store;
    this.search = new SearchEngine(ctx, store);
    this.http = http;
    this.workers = Executors.newFixedThreadPool(threads);
    http.setExecutor(workers);
    http.createContext(BASE_PATH, this::handle);
  }

  /**
   * Starts a server on loopback.
   *
   * @param port 0 for a random free port
   * @param patients how many synthetic patients to load (see {@link SyntheticData})
   */
  public static FhirUpstreamServer start(int port, int patients) throws IOException {
    return start("127.0.0.1", port, patients);
  }

  /**
   * Starts a server on the given address ({@code 0.0.0.0} in a container, where the facade connects
   * from another host).
   */
  public static FhirUpstreamServer start(String host, int port, int patients) throws IOException {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
    // and delayed ACKs add ~40 ms to every small response. Read once, when the first server starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    FhirContext ctx = FhirContext.forR4Cached();
    ResourceStore store = new ResourceStore();
    SyntheticData.generate(patients, 5).forEach(store::put);
    HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 512);
    FhirUpstreamServer server =
        new FhirUpstreamServer(
            ctx, store, http, Math.max(4, Runtime.getRuntime().availableProcessors() * 4));
    http.start();
    return server;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /** The FHIR base URL, e.g. {@code http://127.0.0.1:41234/fhir}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + BASE_PATH;
  }

  public ResourceStore store() {
    return store;
  }

  /** How many requests this server has answered; lets tests see that nothing reached it. */
  public long requestCount() {
    return requests.get();
  }

  @Override
  public void close() {
    http.stop(0);
    workers.shutdownNow();
  }

  private record Reply(int status, Resource body, Map<String, String> headers) {
    static Reply of(int status, Resource body) {
      return new Reply(status, body, Map.of());
    }
  }

  private static final class FhirError extends RuntimeException {
    final int status;
    final String code;

    FhirError(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    Map<String, List<String>> params = query(ex.getRequestURI());
    boolean xml = wantsXml(ex, params);
    Reply reply;
    try {
      reply = route(ex, params);
    } catch (FhirError e) {
      reply = Reply.of(e.status, outcome(e.code, e.getMessage()));
    } catch (SearchEngine.UnsupportedSearchException e) {
      reply = Reply.of(400, outcome("not-supported", e.getMessage()));
    } catch (DataFormatException | IllegalArgumentException e) {
      reply = Reply.of(400, outcome("invalid", "cannot parse the request: " + e.getMessage()));
    } catch (RuntimeException e) {
      reply = Reply.of(500, outcome("exception", e.toString()));
    }
    IParser parser = xml ? ctx.newXmlParser() : ctx.newJsonParser();
    if (reply.status < 300) {
      applySubsetting(parser, params, reply.body instanceof Bundle);
    }
    byte[] body =
        reply.body == null
            ? new byte[0]
            : parser.encodeResourceToString(reply.body).getBytes(StandardCharsets.UTF_8);
    reply.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    if (reply.body != null) {
      ex.getResponseHeaders().set("Content-Type", xml ? XML : JSON);
    }
    ex.sendResponseHeaders(reply.status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static void applySubsetting(
      IParser parser, Map<String, List<String>> params, boolean bundle) {
    String summary = first(params, "_summary");
    if ("true".equals(summary)) {
      parser.setSummaryMode(true);
    } else if ("data".equals(summary)) {
      parser.setSuppressNarratives(true);
    } else if (summary != null && !"false".equals(summary) && !"count".equals(summary)) {
      throw new FhirError(400, "not-supported", "_summary=" + summary + " is not supported");
    }
    String elements = first(params, "_elements");
    if (elements != null) {
      Set<String> set = new LinkedHashSet<>();
      for (String e : elements.split(",")) {
        set.add(e.contains(".") ? e : "*." + e);
      }
      parser.setEncodeElements(set);
      parser.setEncodeElementsAppliesToChildResourcesOnly(bundle);
    }
  }

  private Reply route(HttpExchange ex, Map<String, List<String>> params) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath().substring(BASE_PATH.length());
    List<String> seg = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        seg.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
      }
    }
    String base = "http://" + ex.getRequestHeaders().getFirst("Host") + BASE_PATH;
    if (seg.isEmpty()) {
      if (method.equals("POST")) {
        return Reply.of(200, batch((Bundle) parse(ex), base));
      }
      throw new FhirError(404, "not-found", "no interaction at the server root for " + method);
    }
    if (seg.size() == 1 && seg.get(0).equals("metadata")) {
      return Reply.of(200, capabilities());
    }
    String type = seg.get(0);
    if (!store.supports(type)) {
      throw new FhirError(404, "not-supported", "resource type " + type + " is not supported");
    }
    if (seg.size() == 1) {
      return switch (method) {
        case "GET" -> Reply.of(200, search(type, params, base, ex.getRequestURI()));
        case "POST" -> create(type, parse(ex), base);
        default -> throw new FhirError(405, "not-supported", method + " on a type");
      };
    }
    String id = seg.get(1);
    if (seg.size() == 2) {
      return switch (method) {
        case "GET" -> Reply.of(200, read(type, id));
        case "PUT" -> update(type, id, parse(ex), base);
        case "DELETE" -> {
          if (!store.delete(type, id)) {
            throw new FhirError(404, "not-found", type + "/" + id + " is not known");
          }
          yield Reply.of(200, outcome("informational", "deleted " + type + "/" + id));
        }
        default -> throw new FhirError(405, "not-supported", method + " on an instance");
      };
    }
    if (method.equals("GET") && seg.get(2).equals("_history")) {
      if (seg.size() == 3) {
        read(type, id);
        return Reply.of(200, bundle(Bundle.BundleType.HISTORY, store.history(type, id), base));
      }
      return Reply.of(
          200,
          store
              .version(type, id, seg.get(3))
              .orElseThrow(
                  () ->
                      new FhirError(
                          404, "not-found", type + "/" + id + " has no version " + seg.get(3))));
    }
    if (method.equals("GET") && type.equals("Patient") && seg.get(2).equals("$everything")) {
      read(type, id);
      return Reply.of(200, bundle(Bundle.BundleType.SEARCHSET, search.compartment(id), base));
    }
    throw new FhirError(404, "not-supported", "no such interaction: " + method + " " + path);
  }

  private Resource read(String type, String id) {
    return store
        .current(type, id)
        .orElseThrow(() -> new FhirError(404, "not-found", type + "/" + id + " is not known"));
  }

  private Reply create(String type, Resource body, String base) {
    if (!body.fhirType().equals(type)) {
      throw new FhirError(400, "invalid", "body is a " + body.fhirType() + ", not a " + type);
    }
    body.setId((String) null);
    Resource stored = store.put(body);
    return new Reply(
        201, stored, Map.of("Location", base + "/" + stored.getIdElement().getValue()));
  }

  private Reply update(String type, String id, Resource body, String base) {
    if (!body.fhirType().equals(type) || !id.equals(body.getIdElement().getIdPart())) {
      throw new FhirError(400, "invalid", "body must be a " + type + " with id " + id);
    }
    boolean existed = store.exists(type, id);
    Resource stored = store.put(body);
    return new Reply(
        existed ? 200 : 201,
        stored,
        Map.of("Location", base + "/" + stored.getIdElement().getValue()));
  }

  private Bundle search(String type, Map<String, List<String>> params, String base, URI uri) {
    List<Resource> matches = search.match(type, params);
    int count = intParam(params, "_count", DEFAULT_COUNT);
    int offset = intParam(params, "_offset", 0);
    if (count > MAX_COUNT) {
      count = MAX_COUNT;
    }
    Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(matches.size());
    b.setId(java.util.UUID.randomUUID().toString());
    String self = base + "/" + type + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    b.addLink().setRelation("self").setUrl(self);
    if ("count".equals(first(params, "_summary"))) {
      return b;
    }
    List<Resource> page =
        matches.subList(Math.min(offset, matches.size()), Math.min(offset + count, matches.size()));
    for (Resource r : page) {
      b.addEntry()
          .setFullUrl(base + "/" + type + "/" + r.getIdElement().getIdPart())
          .setResource(r)
          .getSearch()
          .setMode(Bundle.SearchEntryMode.MATCH);
    }
    List<Resource> included =
        search.includes(
            page,
            params.getOrDefault("_include", List.of()),
            params.getOrDefault("_revinclude", List.of()));
    for (Resource r : included) {
      b.addEntry()
          .setFullUrl(base + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart())
          .setResource(r)
          .getSearch()
          .setMode(Bundle.SearchEntryMode.INCLUDE);
    }
    if (offset + count < matches.size()) {
      Map<String, List<String>> next = new LinkedHashMap<>(params);
      next.put("_offset", List.of(String.valueOf(offset + count)));
      next.put("_count", List.of(String.valueOf(count)));
      b.addLink().setRelation("next").setUrl(base + "/" + type + "?" + encode(next));
    }
    return b;
  }

  private Bundle batch(Bundle request, String base) {
    boolean transaction = request.getType() == Bundle.BundleType.TRANSACTION;
    if (!transaction && request.getType() != Bundle.BundleType.BATCH) {
      throw new FhirError(400, "invalid", "only batch and transaction bundles can be posted");
    }
    Bundle response =
        new Bundle()
            .setType(
                transaction
                    ? Bundle.BundleType.TRANSACTIONRESPONSE
                    : Bundle.BundleType.BATCHRESPONSE);
    for (Bundle.BundleEntryComponent e : request.getEntry()) {
      Bundle.BundleEntryComponent out = response.addEntry();
      String url = e.getRequest().getUrl();
      String[] seg = url == null ? new String[0] : url.split("\\?")[0].split("/");
      try {
        Reply r =
            switch (e.getRequest().getMethod()) {
              case GET ->
                  seg.length == 2
                      ? Reply.of(200, read(seg[0], seg[1]))
                      : Reply.of(
                          200, search(seg[0], query(URI.create(url)), base, URI.create(url)));
              case POST -> create(seg[0], e.getResource(), base);
              case PUT -> update(seg[0], seg[1], e.getResource(), base);
              case DELETE -> {
                if (!store.delete(seg[0], seg[1])) {
                  throw new FhirError(404, "not-found", url + " is not known");
                }
                yield Reply.of(200, null);
              }
              default ->
                  throw new FhirError(
                      400, "not-supported", e.getRequest().getMethod() + " in a bundle");
            };
        out.getResponse().setStatus(r.status + "");
        out.setResource(r.body);
      } catch (FhirError err) {
        if (transaction) {
          throw err;
        }
        out.getResponse()
            .setStatus(err.status + "")
            .setOutcome(outcome(err.code, err.getMessage()));
      }
    }
    return response;
  }

  private Bundle bundle(Bundle.BundleType type, List<Resource> resources, String base) {
    Bundle b = new Bundle().setType(type).setTotal(resources.size());
    for (Resource r : resources) {
      b.addEntry()
          .setFullUrl(base + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart())
          .setResource(r);
    }
    return b;
  }

  private CapabilityStatement capabilities() {
    CapabilityStatement cs = new CapabilityStatement();
    cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
    cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
    cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
    cs.addFormat("json");
    cs.addFormat("xml");
    cs.getSoftware().setName("qhin-guard fhir-upstream");
    CapabilityStatement.CapabilityStatementRestComponent rest = cs.addRest();
    rest.setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
    for (String type : new java.util.TreeSet<>(ResourceStore.TYPES)) {
      var r = rest.addResource().setType(type);
      for (var i :
          List.of(
              CapabilityStatement.TypeRestfulInteraction.READ,
              CapabilityStatement.TypeRestfulInteraction.VREAD,
              CapabilityStatement.TypeRestfulInteraction.HISTORYINSTANCE,
              CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE,
              CapabilityStatement.TypeRestfulInteraction.CREATE,
              CapabilityStatement.TypeRestfulInteraction.UPDATE,
              CapabilityStatement.TypeRestfulInteraction.DELETE)) {
        r.addInteraction().setCode(i);
      }
    }
    rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.BATCH);
    rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.TRANSACTION);
    return cs;
  }

  private Resource parse(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String ct = Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("");
      IParser parser = ct.contains("xml") ? ctx.newXmlParser() : ctx.newJsonParser();
      return (Resource) parser.parseResource(body);
    }
  }

  static OperationOutcome outcome(String code, String message) {
    OperationOutcome oo = new OperationOutcome();
    oo.addIssue()
        .setSeverity(
            code.equals("informational")
                ? OperationOutcome.IssueSeverity.INFORMATION
                : OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.fromCode(code))
        .setDiagnostics(message);
    return oo;
  }

  private static boolean wantsXml(HttpExchange ex, Map<String, List<String>> params) {
    String format = first(params, "_format");
    if (format != null) {
      return format.contains("xml");
    }
    String accept = ex.getRequestHeaders().getFirst("Accept");
    return accept != null && accept.contains("xml") && !accept.contains("json");
  }

  static Map<String, List<String>> query(URI uri) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String q = uri.getRawQuery();
    if (q == null || q.isEmpty()) {
      return out;
    }
    for (String pair : q.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  private static String encode(Map<String, List<String>> params) {
    StringBuilder sb = new StringBuilder();
    params.forEach(
        (k, vs) ->
            vs.forEach(
                v -> {
                  if (sb.length() > 0) {
                    sb.append('&');
                  }
                  sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                      .append('=')
                      .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
                }));
    return sb.toString();
  }

  private static String first(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static int intParam(Map<String, List<String>> params, String name, int fallback) {
    String v = first(params, name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new FhirError(400, "invalid", name + " must be a non-negative integer");
    }
  }
}
