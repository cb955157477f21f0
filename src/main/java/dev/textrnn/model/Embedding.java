package dev.textrnn.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/** Keras {@code Embedding(vocabulary, dim, mask_zero=True)}: the chain's first layer. */
public final class Embedding<T extends TFloating> implements Layer<T> {
  private final String name;
  private final int dim;
  private final Parameter<T> embeddings;

  public Embedding(ParameterFactory<T> parameters, String name, int vocabularySize, int dim) {
    this.name = name;
    this.dim = dim;
    this.embeddings = parameters.uniform(name + "/embeddings", Shape.of(vocabularySize, dim), 0.05);
  }

  public Parameter<T> embeddings() {
    return embeddings;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kerasClass() {
    return "Embedding";
  }

  @Override
  public List<Parameter<T>> parameters() {
    return List.of(embeddings);
  }

  @Override
  public OutputShape outputShape() {
    return new OutputShape(true, dim);
  }

  @Override
  public String describe() {
    return "Embedding(" + embeddings.shape().size(0) + ", " + dim + ")";
  }

  /** ids [...] → vectors [..., dim]. */
  public Operand<T> forward(Ops tf, Operand<TInt64> ids) {
    return tf.gather(embeddings.variable(), ids, tf.constant(0));
  }
}
