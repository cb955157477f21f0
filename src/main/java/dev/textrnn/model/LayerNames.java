package dev.textrnn.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Keras's automatic layer names: the first layer of a kind is {@code dense}, the next {@code
 * dense_1}, and so on, counted per kind within one model.
 */
public final class LayerNames {
  private final Map<String, Integer> used = new HashMap<>();

  public String next(String kind) {
    int count = used.merge(kind, 1, Integer::sum) - 1;
    return count == 0 ? kind : kind + "_" + count;
  }
}
