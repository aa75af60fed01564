package org.qhinguard.policy.api;

import org.qhinguard.policy.config.PolicyConfig;
import org.qhinguard.policy.domain.PolicyException;

/** {@code ?page=&size=} read as numbers in range, or a 400 naming the parameter. */
record Paging(int page, int size) {

  static Paging of(String page, String size, PolicyConfig.Admin config) {
    int p = number("page", page, 0, 0, Integer.MAX_VALUE);
    int s = number("size", size, config.defaultPageSize(), 1, config.maxPageSize());
    return new Paging(p, s);
  }

  private static int number(String name, String value, int fallback, int min, int max) {
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw PolicyException.invalid(name, "must be a whole number from " + min + " to " + max);
  }
}
