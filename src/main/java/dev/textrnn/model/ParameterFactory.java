package dev.textrnn.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.framework.initializers.RandomUniform;
import org.tensorflow.framework.initializers.Zeros;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.Qr;
import org.tensorflow.types.family.TFloating;

/**
 * Creates the model's variables with Keras's initial distributions, each from its own seed derived
 * from the model seed, and keeps them in creation order (which is Keras's weight order).
 */
public final class ParameterFactory<T extends TFloating> {
  private final Ops tf;
  private final Class<T> dtype;
  private final long seed;
  private final List<Parameter<T>> created = new ArrayList<>();

  public ParameterFactory(Ops tf, Class<T> dtype, long seed) {
    this.tf = tf;
    this.dtype = dtype;
    this.seed = seed;
  }

  public Ops tf() {
    return tf;
  }

  public Class<T> dtype() {
    return dtype;
  }

  /** Keras Embedding's default: uniform in [-0.05, 0.05]. */
  public Parameter<T> uniform(String name, Shape shape, double limit) {
    return create(
        name, shape, new RandomUniform<T>(-limit, limit, nextSeed()).call(tf, dims(shape), dtype));
  }

  /**
   * Glorot-uniform: uniform in [−limit, limit], limit = sqrt(6 / (fan_in + fan_out)). Not the
   * framework's {@code Glorot}, whose uniform draw lies in [0, limit] (every weight positive).
   */
  public Parameter<T> glorotUniform(String name, Shape shape) {
    return uniform(name, shape, Math.sqrt(6.0 / (shape.size(0) + shape.size(1))));
  }

  /**
   * Orthogonal over the whole matrix, as Keras's recurrent kernels: the Q of a QR decomposition of
   * a normal draw, signs fixed by R's diagonal, transposed when the matrix is wide. Written here
   * because the framework's {@code Orthogonal} fails on wide matrices such as [u, 4u] (it builds a
   * Transpose with no permutation).
   */
  public Parameter<T> orthogonal(String name, Shape shape) {
    long rows = shape.size(0);
    long cols = shape.size(1);
    long seedValue = nextSeed();
    Operand<T> normal =
        tf.random.statelessRandomNormal(
            tf.constant(new long[] {Math.max(rows, cols), Math.min(rows, cols)}),
            tf.constant(new long[] {seedValue, seedValue >>> 32}),
            dtype);
    Qr<T> qr = tf.linalg.qr(normal);
    Operand<T> signs =
        tf.math.sign(
            tf.linalg.matrixDiagPart(
                qr.r(), tf.constant(0), tf.dtypes.cast(tf.constant(0), dtype)));
    Operand<T> q = tf.math.mul(qr.q(), signs);
    return create(
        name, shape, rows < cols ? tf.linalg.transpose(q, tf.constant(new int[] {1, 0})) : q);
  }

  public Parameter<T> zeros(String name, Shape shape) {
    return create(name, shape, new Zeros<T>().call(tf, dims(shape), dtype));
  }

  /** A variable starting at the given value (for example the LSTM's unit forget bias). */
  public Parameter<T> create(String name, Shape shape, Operand<T> initialValue) {
    // The graph name has dots for slashes: the framework's optimizer names its slots after the
    // variable's op name, and rejects a slash there.
    Variable<T> variable = tf.withName(name.replace('/', '.')).variable(initialValue);
    Parameter<T> parameter = new Parameter<>(name, shape, variable);
    created.add(parameter);
    return parameter;
  }

  /** Every parameter created so far, in creation order. */
  public List<Parameter<T>> parameters() {
    return Collections.unmodifiableList(created);
  }

  private long nextSeed() {
    return seed * 1_000_003L + created.size();
  }

  private Operand<org.tensorflow.types.TInt64> dims(Shape shape) {
    return tf.constant(shape.asArray());
  }
}
