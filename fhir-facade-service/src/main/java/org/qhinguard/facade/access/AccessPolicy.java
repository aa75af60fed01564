package org.qhinguard.facade.access;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.stream.Collectors;
import org.qhinguard.common.policy.ParticipantSnapshot.TrustPolicy;
import org.qhinguard.common.smart.ClinicalScope;
import org.qhinguard.common.smart.Interaction;
import org.qhinguard.common.smart.Permission;
import org.qhinguard.common.smart.ScopeContext;
import org.qhinguard.facade.access.AccessDecision.Deny;
import org.qhinguard.facade.access.AccessDecision.Permit;
import org.qhinguard.facade.access.FhirRequest.Kind;

/**
 * Decides whether a grant allows a request, deny by default: only what a granted SMART scope (v1 or
 * v2, with its query constraints) and the participant's trust policy allow is permitted. Under a
 * {@code patient/} scope a search is held to the grant's patient; {@code _include}, {@code
 * _revinclude}, chains and {@code _has} may only reach types the grant can read.
 */
public final class AccessPolicy {

  /** Result parameters and the few common ones the facade lets through (FHIR R4 3.1.1.5). */
  static final Set<String> CONTROL_PARAMS =
      Set.of(
          "_id",
          "_lastUpdated",
          "_count",
          "_offset",
          "_sort",
          "_elements",
          "_summary",
          "_total",
          "_format",
          "_pretty",
          "_profile",
          "_tag",
          "_security",
          "_source");

  private static final Set<String> EVERYTHING_PARAMS =
      Set.of("_since", "_type", "_count", "start", "end", "_elements", "_summary", "_format");

  private final FhirModel model;
  private final ObjectMapper json;

  public AccessPolicy(FhirModel model, ObjectMapper json) {
    this.model = model;
    this.json = json;
  }

  public FhirModel model() {
    return model;
  }

  public AccessDecision decide(Grant g, TrustPolicy policy, FhirRequest r) {
    if (r.kind() == Kind.CAPABILITIES) {
      return AccessDecision.permit(r);
    }
    String format = r.param("_format").orElse("json");
    if (!format.contains("json")) {
      return AccessDecision.deny("_format=" + format + ": this server answers FHIR JSON only");
    }
    if (r.kind() == Kind.BATCH) {
      return decideBatch(g, policy, r);
    }
    String notInPolicy = policyForbids(policy, r);
    if (notInPolicy != null) {
      return AccessDecision.deny(notInPolicy);
    }
    return switch (r.kind()) {
      case READ, VREAD, HISTORY_INSTANCE -> decideRead(g, r);
      case SEARCH_TYPE -> decideSearch(g, r);
      case HISTORY_TYPE -> decideTypeHistory(g, r);
      case HISTORY_SYSTEM, SEARCH_SYSTEM -> decideSystemWide(g, r);
      case CREATE, UPDATE -> decideWrite(g, r);
      case PATCH -> decidePatch(g, r);
      case DELETE -> decideDelete(g, r);
      case OPERATION -> decideOperation(g, r);
      default -> AccessDecision.deny("interaction " + r.interactionName() + " is not offered");
    };
  }

  /** The trust policy's {@code resourceInteractions}: a type or interaction it omits is denied. */
  private static String policyForbids(TrustPolicy policy, FhirRequest r) {
    if (r.resourceType() == null) {
      return null; // system-level requests are checked against the grant below
    }
    Map<String, List<String>> ri = policy == null ? null : policy.resourceInteractions();
    List<String> allowed = ri == null ? null : ri.getOrDefault(r.resourceType(), ri.get("*"));
    if (allowed == null) {
      return "the trust policy of the participant allows no access to " + r.resourceType();
    }
    Interaction i = r.kind().interaction();
    List<String> accepted = new ArrayList<>(List.of(i.code(), "*"));
    switch (i) {
      case VREAD, HISTORY -> accepted.add("read");
      case PATCH -> accepted.add("update");
      case OPERATION -> {
        accepted.add(r.operation());
        accepted.add(r.operation().substring(1));
      }
      default -> {}
    }
    if (allowed.stream().noneMatch(accepted::contains)) {
      return "the trust policy of the participant does not allow "
          + r.interactionName()
          + " on "
          + r.resourceType();
    }
    return null;
  }

  /** Scopes of the grant for a type and permission; patient/ scopes only with a patient. */
  public List<ClinicalScope> matching(Grant g, String type, Permission p) {
    List<ClinicalScope> out = new ArrayList<>();
    for (ClinicalScope s : g.scopes()) {
      if (s.appliesTo(type)
          && s.allows(p)
          && (s.context() != ScopeContext.PATIENT || g.patient() != null)) {
        out.add(s);
      }
    }
    return out;
  }

  private List<ClinicalScope> readable(Grant g, String type) {
    List<ClinicalScope> out = new ArrayList<>(matching(g, type, Permission.READ));
    for (ClinicalScope s : matching(g, type, Permission.SEARCH)) {
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  private static boolean patientOnly(List<ClinicalScope> scopes) {
    return scopes.stream().allMatch(s -> s.context() == ScopeContext.PATIENT);
  }

  private static String nothingAllows(Grant g, String what) {
    return "no granted scope allows " + what + " (granted: " + g.scope() + ")";
  }

  private AccessDecision decideRead(Grant g, FhirRequest r) {
    List<ClinicalScope> scopes = matching(g, r.resourceType(), Permission.READ);
    if (scopes.isEmpty()) {
      return AccessDecision.deny(nothingAllows(g, "read of " + r.resourceType()));
    }
    if (patientOnly(scopes) && r.resourceType().equals("Patient") && !r.id().equals(g.patient())) {
      return AccessDecision.deny(
          "Patient/" + r.id() + " is outside the compartment of the grant's patient");
    }
    String bad = checkResultParams(g, r);
    return bad == null ? AccessDecision.permit(r) : AccessDecision.deny(bad);
  }

  private AccessDecision decideSearch(Grant g, FhirRequest r) {
    String type = r.resourceType();
    List<ClinicalScope> scopes = matching(g, type, Permission.SEARCH);
    if (scopes.isEmpty()) {
      return AccessDecision.deny(nothingAllows(g, "search of " + type));
    }
    Map<String, List<String>> plain = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> p : r.params().entrySet()) {
      String bad = checkSearchParam(g, type, p.getKey());
      if (bad != null) {
        return AccessDecision.deny(bad);
      }
      plain.put(p.getKey(), p.getValue());
    }
    String bad = checkResultParams(g, r);
    if (bad != null) {
      return AccessDecision.deny(bad);
    }
    List<ClinicalScope> usable =
        scopes.stream()
            .filter(s -> s.constraints().isEmpty() || s.constraintsHeldBy(plain))
            .toList();
    if (usable.isEmpty()) {
      return AccessDecision.deny(
          "the search does not hold the constraints of "
              + scopes.stream().map(ClinicalScope::canonical).collect(Collectors.joining(", ")));
    }
    if (!patientOnly(usable)) {
      return AccessDecision.permit(r);
    }
    return holdToPatient(g, r);
  }

  /** Adds or checks the compartment parameter so the search stays in the grant's patient. */
  private AccessDecision holdToPatient(Grant g, FhirRequest r) {
    String type = r.resourceType();
    var param = model.compartmentSearchParam(type);
    if (param.isEmpty()) {
      return AccessDecision.deny(
          type + " is not in the Patient compartment; a patient/ scope cannot search it");
    }
    String name = param.get();
    Map<String, List<String>> params = new LinkedHashMap<>(r.params());
    List<String> given = params.get(name);
    if (given != null) {
      for (String v : given) {
        for (String one : v.split(",")) {
          FhirModel.Ref ref = FhirModel.parseReference(one);
          boolean typeOk = ref.type() == null || ref.type().equals("Patient");
          if (!typeOk || !g.patient().equals(ref.id())) {
            return AccessDecision.deny(
                "the search reaches " + name + "=" + one + ", outside the grant's patient");
          }
        }
      }
      return AccessDecision.permit(r);
    }
    params.put(name, List.of(name.equals("_id") ? g.patient() : "Patient/" + g.patient()));
    return AccessDecision.permit(r.withParams(params));
  }

  private String checkSearchParam(Grant g, String type, String name) {
    if (name.startsWith("_include") || name.startsWith("_revinclude")) {
      return null; // checked with the result parameters
    }
    if (CONTROL_PARAMS.contains(name)) {
      return null;
    }
    if (name.startsWith("_has:")) {
      return checkHas(g, type, name);
    }
    if (name.startsWith("_")) {
      return "search parameter " + name + " is not allowed through this server";
    }
    int dot = name.indexOf('.');
    String head = dot < 0 ? name : name.substring(0, dot);
    String modifier = null;
    int colon = head.indexOf(':');
    if (colon >= 0) {
      modifier = head.substring(colon + 1);
      head = head.substring(0, colon);
    }
    var sp = model.searchParam(type, head);
    if (sp.isEmpty()) {
      return "unknown search parameter '" + head + "' for " + type;
    }
    boolean typed = modifier != null && model.isKnownType(modifier);
    if (dot < 0 && !"identifier".equals(modifier)) {
      if (modifier != null && typed && sp.get().type() != RestSearchParameterTypeEnum.REFERENCE) {
        return "modifier :" + modifier + " needs a reference parameter";
      }
      return null;
    }
    if (sp.get().type() != RestSearchParameterTypeEnum.REFERENCE) {
      return "chained parameter " + name + " starts from a parameter that is not a reference";
    }
    Set<String> targets = typed ? Set.of(modifier) : sp.get().targets();
    if (targets.isEmpty()) {
      return "chained parameter " + name + " has no known target type";
    }
    for (String target : targets) {
      if (matching(g, target, Permission.SEARCH).isEmpty()) {
        return "chained parameter "
            + name
            + " reaches "
            + target
            + ", which the grant cannot search";
      }
      if (dot >= 0) {
        String bad = checkSearchParam(g, target, name.substring(dot + 1));
        if (bad != null) {
          return bad;
        }
      }
    }
    return null;
  }

  /** {@code _has:Type:reference:param} (FHIR R4 3.1.1.4.9), nested as often as it comes. */
  private String checkHas(Grant g, String type, String name) {
    String[] parts = name.split(":", 4);
    if (parts.length < 4) {
      return "malformed " + name + "; expected _has:Type:reference:parameter";
    }
    String source = parts[1];
    if (!model.isKnownType(source)) {
      return "_has names unknown type " + source;
    }
    if (matching(g, source, Permission.SEARCH).isEmpty()) {
      return "_has reaches " + source + ", which the grant cannot search";
    }
    var ref = model.searchParam(source, parts[2]);
    if (ref.isEmpty() || ref.get().type() != RestSearchParameterTypeEnum.REFERENCE) {
      return "_has: " + source + "." + parts[2] + " is not a reference parameter";
    }
    if (!ref.get().targets().isEmpty() && !ref.get().targets().contains(type)) {
      return "_has: " + source + "." + parts[2] + " does not point at " + type;
    }
    return checkSearchParam(g, source, parts[3]);
  }

  /** {@code _include}, {@code _revinclude}, {@code _elements} and the rest. */
  private String checkResultParams(Grant g, FhirRequest r) {
    for (Map.Entry<String, List<String>> p : r.params().entrySet()) {
      String name = p.getKey();
      boolean include = name.equals("_include") || name.equals("_include:iterate");
      boolean rev = name.equals("_revinclude") || name.equals("_revinclude:iterate");
      if (!include && !rev) {
        if (r.kind() != Kind.SEARCH_TYPE && !CONTROL_PARAMS.contains(name)) {
          return "parameter " + name + " is not allowed on " + r.interactionName();
        }
        continue;
      }
      if (r.kind() != Kind.SEARCH_TYPE) {
        return name + " is only allowed on a search";
      }
      for (String v : p.getValue()) {
        String bad =
            include ? checkInclude(g, r.resourceType(), name, v) : checkRevInclude(g, name, v);
        if (bad != null) {
          return bad;
        }
      }
    }
    return null;
  }

  private String checkInclude(Grant g, String type, String name, String value) {
    String[] parts = value.split(":");
    if (value.equals("*") || parts.length < 2 || parts.length > 3) {
      return name + "=" + value + " is not allowed; name Source:parameter[:Target]";
    }
    if (!name.endsWith(":iterate") && !parts[0].equals(type)) {
      return name + "=" + value + " does not start from " + type;
    }
    if (readable(g, parts[0]).isEmpty()) {
      return name + "=" + value + " starts from " + parts[0] + ", which the grant cannot read";
    }
    var sp = model.searchParam(parts[0], parts[1]);
    if (sp.isEmpty() || sp.get().type() != RestSearchParameterTypeEnum.REFERENCE) {
      return name + "=" + value + ": " + parts[1] + " is not a reference parameter of " + parts[0];
    }
    Set<String> targets = parts.length == 3 ? Set.of(parts[2]) : sp.get().targets();
    if (targets.isEmpty()) {
      return name + "=" + value + " may reach any type; name the target type";
    }
    for (String t : targets) {
      if (readable(g, t).isEmpty()) {
        return name + "=" + value + " reaches " + t + ", which the grant cannot read";
      }
    }
    return null;
  }

  private String checkRevInclude(Grant g, String name, String value) {
    String[] parts = value.split(":");
    if (value.equals("*") || parts.length < 2 || parts.length > 3) {
      return name + "=" + value + " is not allowed; name Source:parameter[:Target]";
    }
    if (!model.isKnownType(parts[0]) || readable(g, parts[0]).isEmpty()) {
      return name + "=" + value + " reaches " + parts[0] + ", which the grant cannot read";
    }
    var sp = model.searchParam(parts[0], parts[1]);
    if (sp.isEmpty() || sp.get().type() != RestSearchParameterTypeEnum.REFERENCE) {
      return name + "=" + value + ": " + parts[1] + " is not a reference parameter of " + parts[0];
    }
    return null;
  }

  private AccessDecision decideTypeHistory(Grant g, FhirRequest r) {
    List<ClinicalScope> scopes = matching(g, r.resourceType(), Permission.READ);
    if (scopes.isEmpty()) {
      return AccessDecision.deny(nothingAllows(g, "history of " + r.resourceType()));
    }
    if (patientOnly(scopes)) {
      return AccessDecision.deny("the history of a whole type cannot be held to one patient");
    }
    String bad = checkResultParams(g, r);
    return bad == null ? AccessDecision.permit(r) : AccessDecision.deny(bad);
  }

  private AccessDecision decideSystemWide(Grant g, FhirRequest r) {
    Permission p = r.kind() == Kind.SEARCH_SYSTEM ? Permission.SEARCH : Permission.READ;
    boolean wildcard =
        g.scopes().stream()
            .anyMatch(
                s ->
                    s.anyType()
                        && s.allows(p)
                        && s.context() != ScopeContext.PATIENT
                        && s.constraints().isEmpty());
    if (!wildcard) {
      return AccessDecision.deny(
          "a system-wide " + r.interactionName() + " needs a user/ or system/ scope on every type");
    }
    return AccessDecision.permit(r);
  }

  private JsonNode parseBody(FhirRequest r) {
    if (r.body().length == 0) {
      throw FacadeException.badRequest(r.interactionName() + " needs a FHIR JSON resource body");
    }
    if (r.contentType() != null && r.contentType().toLowerCase(Locale.ROOT).contains("xml")) {
      throw new FacadeException(415, "not-supported", "this server accepts FHIR JSON only");
    }
    try {
      JsonNode node = json.readTree(r.body());
      if (node == null || !node.isObject() || !node.hasNonNull("resourceType")) {
        throw FacadeException.badRequest("the body is not a FHIR JSON resource");
      }
      return node;
    } catch (IOException e) {
      throw FacadeException.badRequest("the body is not JSON: " + e.getMessage());
    }
  }

  private AccessDecision decideWrite(Grant g, FhirRequest r) {
    Permission p = r.kind() == Kind.CREATE ? Permission.CREATE : Permission.UPDATE;
    List<ClinicalScope> scopes = matching(g, r.resourceType(), p);
    if (scopes.isEmpty()) {
      return AccessDecision.deny(nothingAllows(g, r.interactionName() + " of " + r.resourceType()));
    }
    JsonNode body = parseBody(r);
    if (!r.resourceType().equals(body.path("resourceType").asText())) {
      throw FacadeException.badRequest(
          "the body is a " + body.path("resourceType").asText() + ", not a " + r.resourceType());
    }
    if (r.kind() == Kind.UPDATE && !r.id().equals(body.path("id").asText(null))) {
      throw FacadeException.badRequest("the body's id must be " + r.id());
    }
    List<ClinicalScope> fitting = scopes.stream().filter(s -> fits(g, s, body)).toList();
    if (fitting.isEmpty()) {
      return AccessDecision.deny(
          "the resource lies outside what the grant may write (patient compartment or scope constraints)");
    }
    return new Permit(r, r.kind() == Kind.UPDATE && patientOnly(fitting));
  }

  private AccessDecision decidePatch(Grant g, FhirRequest r) {
    List<ClinicalScope> scopes = matching(g, r.resourceType(), Permission.UPDATE);
    if (scopes.isEmpty()) {
      return AccessDecision.deny(nothingAllows(g, "patch of " + r.resourceType()));
    }
    if (!patientOnly(scopes)) {
      return AccessDecision.permit(r);
    }
    if (r.contentType() == null || !r.contentType().contains("json-patch")) {
      return AccessDecision.deny("under a patient/ scope only JSON Patch (RFC 6902) is accepted");
    }
    Set<String> guarded = new java.util.HashSet<>();
    model.compartmentPaths(r.resourceType()).forEach(path -> guarded.add(path.get(0)));
    guarded.add("id");
    JsonNode ops;
    try {
      ops = json.readTree(r.body());
    } catch (IOException e) {
      throw FacadeException.badRequest("the JSON Patch is not JSON: " + e.getMessage());
    }
    if (ops == null || !ops.isArray()) {
      throw FacadeException.badRequest("a JSON Patch is an array of operations (RFC 6902 §3)");
    }
    for (JsonNode op : ops) {
      for (String field : List.of("path", "from")) {
        String path = op.path(field).asText("");
        String first = path.startsWith("/") ? path.substring(1).split("/")[0] : path;
        if (guarded.contains(first)) {
          return AccessDecision.deny(
              "the patch changes /" + first + ", which ties the resource to its patient");
        }
      }
    }
    return new Permit(r, true);
  }

  private AccessDecision decideDelete(Grant g, FhirRequest r) {
    List<ClinicalScope> scopes = matching(g, r.resourceType(), Permission.DELETE);
    if (scopes.isEmpty()) {
      return AccessDecision.deny(nothingAllows(g, "delete of " + r.resourceType()));
    }
    return new Permit(r, patientOnly(scopes));
  }

  private AccessDecision decideOperation(Grant g, FhirRequest r) {
    String op = r.operation();
    if (op.equals("$everything") && "Patient".equals(r.resourceType())) {
      List<ClinicalScope> scopes = matching(g, "Patient", Permission.READ);
      if (scopes.isEmpty()) {
        return AccessDecision.deny(nothingAllows(g, "Patient/$everything"));
      }
      if (patientOnly(scopes) && (r.id() == null || !r.id().equals(g.patient()))) {
        return AccessDecision.deny("$everything is only allowed on the grant's own patient");
      }
      for (String p : r.params().keySet()) {
        if (!EVERYTHING_PARAMS.contains(p)) {
          return AccessDecision.deny("parameter " + p + " is not allowed on $everything");
        }
      }
      return AccessDecision.permit(r);
    }
    if (op.equals("$export")) {
      boolean systemLevel =
          r.resourceType() == null
              || (r.resourceType().equals("Patient") && r.id() == null)
              || (r.resourceType().equals("Group") && r.id() != null);
      if (!systemLevel) {
        return AccessDecision.deny("$export is offered at the base, Patient and Group/[id] only");
      }
      List<String> types = r.param("_type").map(t -> List.of(t.split(","))).orElse(List.of("*"));
      for (String t : types) {
        boolean ok =
            g.scopes().stream()
                .anyMatch(
                    s ->
                        s.context() == ScopeContext.SYSTEM
                            && s.allows(Permission.READ)
                            && s.constraints().isEmpty()
                            && (s.anyType() || s.resourceType().equals(t)));
        if (!ok) {
          return AccessDecision.deny(
              "$export of " + t + " needs a system/ scope that reads it (SMART Bulk Data)");
        }
      }
      return AccessDecision.permit(r);
    }
    return AccessDecision.deny("operation " + op + " is not offered through this server");
  }

  /** Each entry of a batch or transaction is decided alone; any denial refuses the bundle. */
  private AccessDecision decideBatch(Grant g, TrustPolicy policy, FhirRequest r) {
    JsonNode bundle = parseBody(r);
    String type = bundle.path("type").asText("");
    if (!bundle.path("resourceType").asText().equals("Bundle")
        || !(type.equals("batch") || type.equals("transaction"))) {
      throw FacadeException.badRequest(
          "only batch and transaction Bundles can be posted to the base");
    }
    JsonNode entries = bundle.path("entry");
    int i = 0;
    for (JsonNode entry : entries) {
      String method = entry.path("request").path("method").asText("");
      String url = entry.path("request").path("url").asText("");
      if (method.isEmpty() || url.isEmpty() || url.startsWith("http")) {
        throw FacadeException.badRequest(
            "entry " + i + " needs request.method and a relative request.url");
      }
      int q = url.indexOf('?');
      byte[] body = new byte[0];
      if (entry.hasNonNull("resource")) {
        body = entry.get("resource").toString().getBytes(StandardCharsets.UTF_8);
      }
      FhirRequest sub =
          FhirRequest.parse(
              method,
              q < 0 ? url : url.substring(0, q),
              q < 0 ? null : url.substring(q + 1),
              body,
              "application/fhir+json");
      if (sub.kind() == Kind.BATCH || sub.kind() == Kind.CAPABILITIES) {
        throw FacadeException.badRequest(
            "entry " + i + " is not an interaction a bundle may carry");
      }
      AccessDecision d = decide(g, policy, sub);
      if (d instanceof Deny deny) {
        return AccessDecision.deny(
            "entry " + i + " (" + method + " " + url + "): " + deny.reason());
      }
      Permit permit = (Permit) d;
      if (permit.checkExistingInCompartment()) {
        return AccessDecision.deny(
            "entry "
                + i
                + " ("
                + method
                + " "
                + url
                + "): under a patient/ scope, changes to existing resources are accepted one at a time, not in a bundle");
      }
      if (permit.forward() != sub) {
        ((ObjectNode) entry.get("request")).put("url", permit.forward().pathAndQuery());
      }
      i++;
    }
    try {
      return AccessDecision.permit(r.withBody(json.writeValueAsBytes(bundle)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the grant may see {@code resource} through some scope (compartment, constraints). */
  public boolean visible(Grant g, JsonNode resource) {
    String type = resource.path("resourceType").asText(null);
    if (type == null || !model.isKnownType(type)) {
      return false;
    }
    for (ClinicalScope s : readable(g, type)) {
      if (fits(g, s, resource)) {
        return true;
      }
    }
    return false;
  }

  private boolean fits(Grant g, ClinicalScope s, JsonNode resource) {
    if (s.context() == ScopeContext.PATIENT
        && (g.patient() == null || !model.inCompartment(resource, g.patient()))) {
      return false;
    }
    return holds(s, resource);
  }

  /** Whether a resource satisfies a v2 scope's constraints; what cannot be checked does not. */
  boolean holds(ClinicalScope s, JsonNode resource) {
    String type = resource.path("resourceType").asText();
    for (Map.Entry<String, SortedSet<String>> c : s.constraints().entrySet()) {
      var sp = model.searchParam(type, c.getKey());
      if (sp.isEmpty()) {
        return false;
      }
      boolean any = false;
      for (List<String> path : sp.get().paths()) {
        for (JsonNode v : FhirModel.values(resource, path)) {
          for (String allowed : c.getValue()) {
            if (sp.get().type() == RestSearchParameterTypeEnum.TOKEN && tokenMatches(v, allowed)) {
              any = true;
            } else if (sp.get().type() == RestSearchParameterTypeEnum.REFERENCE
                && referenceMatches(v, allowed)) {
              any = true;
            }
          }
        }
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  private static boolean tokenMatches(JsonNode v, String token) {
    String system = null;
    String code = token;
    int bar = token.indexOf('|');
    if (bar >= 0) {
      system = token.substring(0, bar);
      code = token.substring(bar + 1);
    }
    if (v.isValueNode()) {
      return system == null && code.equals(v.asText());
    }
    if (v.has("coding")) {
      for (JsonNode c : v.get("coding")) {
        if (codeMatches(c.path("system").asText(""), c.path("code").asText(null), system, code)) {
          return true;
        }
      }
      return false;
    }
    if (v.has("code")) {
      return codeMatches(v.path("system").asText(""), v.path("code").asText(null), system, code);
    }
    if (v.has("value")) {
      return codeMatches(v.path("system").asText(""), v.path("value").asText(null), system, code);
    }
    return false;
  }

  private static boolean codeMatches(String sys, String c, String wantSys, String wantCode) {
    return (wantSys == null || wantSys.equals(sys)) && wantCode.equals(c);
  }

  private static boolean referenceMatches(JsonNode v, String wanted) {
    FhirModel.Ref have = FhirModel.reference(v);
    FhirModel.Ref want = FhirModel.parseReference(wanted);
    return want.id() != null
        && want.id().equals(have.id())
        && (want.type() == null || want.type().equals(have.type()));
  }

  /** Whether the grant's scopes for {@code type} all hold it to the patient compartment. */
  public boolean heldToPatient(Grant g, String type) {
    List<ClinicalScope> s = readable(g, type);
    return !s.isEmpty() && patientOnly(s);
  }
}
