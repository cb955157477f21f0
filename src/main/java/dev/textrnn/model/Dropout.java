package dev.textrnn.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * Keras's {@code Dropout}: at training time each value is kept with probability 1 − rate and kept
 * values are scaled by 1/(1 − rate); at inference it passes its input through.
 */
public final class Dropout<T extends TFloating> implements StackedLayer<T> {
  private final String name;
  private final int width;
  private final double rate;

  /**
   * A training pass's dropout: its rate (a scalar; 0 turns it off) and the seed of its mask (int64
   * [2]), a stateless draw: the same seed, the same mask, so a resumed run repeats an uninterrupted
   * one exactly.
   */
  public record Training<T extends TFloating>(Operand<T> rate, Operand<TInt64> seed) {}

  /** The layer's rate; a training pass takes the rate it applies from {@link Training}. */
  Dropout(String name, int width, double rate) {
    this.name = name;
    this.width = width;
    this.rate = rate;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kerasClass() {
    return "Dropout";
  }

  @Override
  public List<Parameter<T>> parameters() {
    return List.of();
  }

  @Override
  public OutputShape outputShape() {
    return new OutputShape(false, width);
  }

  @Override
  public String describe() {
    return "Dropout(" + rate + ")";
  }

  @Override
  public LayerPass<T> forward(Ops tf, Operand<T> x, PassContext<T> context) {
    if (!context.training()) {
      return () -> x;
    }
    Operand<T> rate = context.dropout().rate();
    Class<T> dtype = x.type();
    Operand<T> uniform =
        tf.random.statelessRandomUniform(tf.shape(x), context.dropout().seed(), dtype);
    Operand<T> kept = tf.dtypes.cast(tf.math.greaterEqual(uniform, rate), dtype);
    Operand<T> one = tf.dtypes.cast(tf.constant(1f), dtype);
    Operand<T> y = tf.math.div(tf.math.mul(x, kept), tf.math.sub(one, rate));
    return () -> y;
  }
}
