package org.qhinguard.authority.api;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.qhinguard.authority.domain.AuthorityException;

/** RFC 6749 section 3.1/3.2: parameters sent without a value are omitted; none may repeat. */
final class Forms {
  private Forms() {}

  static Map<String, String> single(MultivaluedMap<String, String> form) {
    Map<String, String> out = new HashMap<>();
    if (form == null) {
      return out;
    }
    for (Map.Entry<String, List<String>> e : form.entrySet()) {
      List<String> values = e.getValue();
      if (values == null || values.isEmpty()) {
        continue;
      }
      if (values.size() > 1) {
        throw AuthorityException.invalidRequest("parameter " + e.getKey() + " is repeated");
      }
      if (!values.get(0).isEmpty()) {
        out.put(e.getKey(), values.get(0));
      }
    }
    return out;
  }
}
