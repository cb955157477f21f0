package dev.textrnn.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** Keras {@code Dense}: Glorot-uniform kernel, zero bias, optional relu. */
public final class Dense<T extends TFloating> implements StackedLayer<T> {
  private final String name;
  private final int units;
  private final Parameter<T> kernel;
  private final Parameter<T> bias;
  private final boolean relu;

  public Dense(ParameterFactory<T> parameters, String name, int inputs, int units, boolean relu) {
    this.name = name;
    this.units = units;
    this.kernel = parameters.glorotUniform(name + "/kernel", Shape.of(inputs, units));
    this.bias = parameters.zeros(name + "/bias", Shape.of(units));
    this.relu = relu;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kerasClass() {
    return "Dense";
  }

  @Override
  public List<Parameter<T>> parameters() {
    return List.of(kernel, bias);
  }

  @Override
  public OutputShape outputShape() {
    return new OutputShape(false, units);
  }

  @Override
  public LayerPass<T> forward(Ops tf, Operand<T> x, PassContext<T> context) {
    Operand<T> y = forward(tf, x);
    return () -> y;
  }

  @Override
  public String describe() {
    return "Dense(" + units + (relu ? ", relu)" : ")");
  }

  /** x [batch, inputs] → [batch, units]. */
  public Operand<T> forward(Ops tf, Operand<T> x) {
    Operand<T> y = tf.math.add(tf.linalg.matMul(x, kernel.variable()), bias.variable());
    return relu ? tf.nn.relu(y) : y;
  }
}
