package org.qhinguard.fhirupstream;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.Resource;

/**
 * Versioned in-memory resources of the supported types. Every write stores a new version (FHIR R4
 * 3.1.0.4 vread); a delete leaves a tombstone so the history stays complete.
 */
public final class ResourceStore {

  public static final Set<String> TYPES =
      Set.of("Patient", "Observation", "Condition", "MedicationRequest", "Encounter");

  private final Map<String, Map<String, List<Resource>>> byType = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  public ResourceStore() {
    TYPES.forEach(t -> byType.put(t, new LinkedHashMap<>()));
  }

  public boolean supports(String type) {
    return TYPES.contains(type);
  }

  public synchronized Resource put(Resource resource) {
    String type = resource.fhirType();
    String id = resource.getIdElement().getIdPart();
    if (id == null) {
      id = "gen-" + ids.incrementAndGet();
    }
    List<Resource> versions = byType.get(type).computeIfAbsent(id, k -> new ArrayList<>());
    Resource stored = resource.copy();
    stored.setId(type + "/" + id + "/_history/" + (versions.size() + 1));
    stored.getMeta().setVersionId(String.valueOf(versions.size() + 1)).setLastUpdated(new Date());
    versions.add(stored);
    return stored;
  }

  public synchronized boolean delete(String type, String id) {
    List<Resource> versions = byType.get(type).get(id);
    if (versions == null || versions.get(versions.size() - 1) == null) {
      return false;
    }
    versions.add(null);
    return true;
  }

  public synchronized Optional<Resource> current(String type, String id) {
    List<Resource> versions = byType.get(type).get(id);
    return versions == null
        ? Optional.empty()
        : Optional.ofNullable(versions.get(versions.size() - 1));
  }

  public synchronized Optional<Resource> version(String type, String id, String versionId) {
    List<Resource> versions = byType.get(type).get(id);
    int v;
    try {
      v = Integer.parseInt(versionId);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (versions == null || v < 1 || v > versions.size()) {
      return Optional.empty();
    }
    return Optional.ofNullable(versions.get(v - 1));
  }

  public synchronized List<Resource> history(String type, String id) {
    List<Resource> versions = byType.get(type).get(id);
    List<Resource> out = new ArrayList<>();
    if (versions != null) {
      versions.stream().filter(r -> r != null).forEach(out::add);
    }
    java.util.Collections.reverse(out);
    return out;
  }

  /** The current, not deleted resources of a type, in insertion order. */
  public synchronized List<Resource> all(String type) {
    Collection<List<Resource>> all = byType.get(type).values();
    List<Resource> out = new ArrayList<>(all.size());
    for (List<Resource> versions : all) {
      Resource last = versions.get(versions.size() - 1);
      if (last != null) {
        out.add(last);
      }
    }
    return out;
  }

  public synchronized boolean exists(String type, String id) {
    return current(type, id).isPresent();
  }
}
