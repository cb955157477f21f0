package dev.textrnn.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.ApplyAdam;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * tensorflow-framework's {@link Adam} with Keras's defaults (epsilon 1e-7, not 1e-8), a learning
 * rate that the graph reads (Keras's optimizer keeps it in a variable that callbacks such as
 * ReduceLROnPlateau assign; the framework bakes a float into a constant), and one fix: the
 * framework updates beta1_power and beta2_power with no control dependency on the weight updates,
 * so within one step an {@code ApplyAdam} may read an already-advanced power. Here the power
 * updates run after every weight update.
 */
public final class KerasAdam extends Adam {
  public static final float KERAS_EPSILON = 1e-7f;

  private final Operand<TFloat32> learningRate;

  /**
   * @param learningRate a scalar that every step reads, such as a placeholder fed with the rate
   */
  public KerasAdam(Graph graph, Operand<TFloat32> learningRate) {
    // The framework's own rate only makes a constant that nothing reads (see applyDense).
    super(graph, LEARNING_RATE_DEFAULT, BETA_ONE_DEFAULT, BETA_TWO_DEFAULT, KERAS_EPSILON);
    this.learningRate = learningRate;
  }

  /**
   * The framework's {@code ApplyAdam} (tensorflow-framework's Adam.applyDense: the same inputs and
   * {@code use_locking}) with the fed rate in place of its constant.
   */
  @Override
  protected <T extends TType> Op applyDense(Ops tf, Output<T> gradient, Output<T> variable) {
    Class<T> type = gradient.type();
    return tf.train.applyAdam(
        variable,
        getSlot(variable, FIRST_MOMENT).get(),
        getSlot(variable, SECOND_MOMENT).get(),
        tf.dtypes.cast(power("beta1_power"), type),
        tf.dtypes.cast(power("beta2_power"), type),
        tf.dtypes.cast(learningRate, type),
        tf.dtypes.cast(tf.constant(BETA_ONE_DEFAULT), type),
        tf.dtypes.cast(tf.constant(BETA_TWO_DEFAULT), type),
        tf.dtypes.cast(tf.constant(KERAS_EPSILON), type),
        gradient,
        ApplyAdam.useLocking(true));
  }

  /** The framework's beta power variable, which it creates under that name in createSlots. */
  private Operand<TFloat32> power(String name) {
    GraphOperation variable = graph.operation(name);
    if (variable == null) {
      throw new IllegalStateException("Adam made no " + name + " variable");
    }
    return variable.output(0);
  }

  @Override
  protected Op finish(List<Op> updateOperations, String name) {
    int weightUpdates = updateOperations.size();
    // The framework appends its two (unordered) power updates and groups everything; that group
    // is never run. Its assigns are rebuilt below, behind the weight updates.
    super.finish(updateOperations, name + "_unordered");
    List<Op> weights = List.copyOf(updateOperations.subList(0, weightUpdates));
    List<Op> ordered = new ArrayList<>(weights);
    for (Op powerUpdate : updateOperations.subList(weightUpdates, updateOperations.size())) {
      GraphOperation assign = (GraphOperation) powerUpdate.op();
      ordered.add(
          tf.withControlDependencies(weights)
              .assign(operand(assign.input(0)), operand(assign.input(1))));
    }
    return tf.withControlDependencies(ordered).withName(name).noOp();
  }

  @SuppressWarnings("unchecked")
  private static <T extends TType> Operand<T> operand(Operand<?> o) {
    return (Operand<T>) o;
  }
}
