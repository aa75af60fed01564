package org.qhinguard.policy.domain;

import java.util.List;
import java.util.function.Function;

/** One page of a longer list. */
public record PageOf<T>(List<T> items, int page, int size, long total) {
  public <R> PageOf<R> map(Function<T, R> f) {
    return new PageOf<>(items.stream().map(f).toList(), page, size, total);
  }
}
