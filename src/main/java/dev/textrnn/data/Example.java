package dev.textrnn.data;

import java.util.Objects;

/**
 * One encoded review: token ids (shape [length], unpadded) and its label (1 pos, 0 neg). The array
 * is not copied; do not modify it.
 */
public record Example(int[] ids, float label) {

  public Example {
    Objects.requireNonNull(ids, "ids");
  }
}
