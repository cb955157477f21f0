package dev.textrnn.model;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TFloating;

/**
 * A trainable weight: its Keras-style name (for example {@code bidirectional/forward_lstm/kernel}),
 * and its variable (named the same in the graph, with dots for slashes).
 */
public record Parameter<T extends TFloating>(String name, Shape shape, Variable<T> variable) {

  /** Number of scalars it holds. */
  public long size() {
    return shape.size();
  }
}
