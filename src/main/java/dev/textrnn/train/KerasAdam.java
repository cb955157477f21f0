package dev.textrnn.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.op.Op;
import org.tensorflow.types.family.TType;

/**
 * tensorflow-framework's {@link Adam} with Keras's defaults (epsilon 1e-7, not 1e-8) and one fix:
 * the framework updates beta1_power and beta2_power with no control dependency on the weight
 * updates, so within one step an {@code ApplyAdam} may read an already-advanced power. Here the
 * power updates run after every weight update.
 */
public final class KerasAdam extends Adam {
  public static final float KERAS_EPSILON = 1e-7f;

  public KerasAdam(Graph graph, float learningRate) {
    super(graph, learningRate, BETA_ONE_DEFAULT, BETA_TWO_DEFAULT, KERAS_EPSILON);
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
