package dev.textrnn.model;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** Keras {@code Dense}: Glorot-uniform kernel, zero bias, optional relu. */
public final class Dense<T extends TFloating> {
  private final Parameter<T> kernel;
  private final Parameter<T> bias;
  private final boolean relu;

  public Dense(ParameterFactory<T> parameters, String name, int inputs, int units, boolean relu) {
    this.kernel = parameters.glorotUniform(name + "/kernel", Shape.of(inputs, units));
    this.bias = parameters.zeros(name + "/bias", Shape.of(units));
    this.relu = relu;
  }

  /** x [batch, inputs] → [batch, units]. */
  public Operand<T> forward(Ops tf, Operand<T> x) {
    Operand<T> y = tf.math.add(tf.linalg.matMul(x, kernel.variable()), bias.variable());
    return relu ? tf.nn.relu(y) : y;
  }
}
