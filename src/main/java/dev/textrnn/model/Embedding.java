package dev.textrnn.model;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/** Keras {@code Embedding(vocabulary, dim, mask_zero=True)}. */
public final class Embedding<T extends TFloating> {
  private final Parameter<T> embeddings;

  public Embedding(ParameterFactory<T> parameters, String name, int vocabularySize, int dim) {
    this.embeddings = parameters.uniform(name + "/embeddings", Shape.of(vocabularySize, dim), 0.05);
  }

  public Parameter<T> embeddings() {
    return embeddings;
  }

  /** ids [...] → vectors [..., dim]. */
  public Operand<T> forward(Ops tf, Operand<TInt64> ids) {
    return tf.gather(embeddings.variable(), ids, tf.constant(0));
  }
}
