package dev.textrnn.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * The arithmetic of one recurrent step, forward and backward, side by side. Both directions of a
 * bidirectional layer run in the same loop iteration, so every tensor here has a leading direction
 * axis of size 2: states [2, batch, units], the input projection [2, batch, gates·units], the
 * recurrent kernels [2, units, gates·units].
 *
 * <p>The forward step returns a record of what its backward step needs; the loop stores the records
 * in a TensorArray and the reverse loop hands them back one step at a time.
 */
public interface RecurrentCell<T extends TFloating> {

  int units();

  /** Keras's name of the cell's layer, lower case: {@code lstm}, {@code gru}. */
  String kerasName();

  /** Whether TensorFlow has a fused kernel for the cell ({@link FusedLstmPass}). */
  default boolean hasFusedKernel() {
    return false;
  }

  /** Gates per unit: 4 for an LSTM, 3 for a GRU. */
  int gates();

  /** Creates one direction's weights with Keras's names, shapes and initial values. */
  Weights<T> createWeights(ParameterFactory<T> parameters, String prefix, int inputs);

  /** Initial states, each [2, batch, units], all zero. */
  int stateCount();

  /** Width of a step record, in multiples of units. */
  int recordWidth();

  /** The bias added to the input projection, [gates·units]. */
  Operand<T> inputBias(Ops tf, Weights<T> weights);

  /** The bias added inside the recurrence, [1, gates·units], or null if the cell has none. */
  Operand<T> recurrentBias(Ops tf, Weights<T> weights);

  /**
   * One step. projected [2, batch, G·u] is x·K + input bias; states each [2, batch, u]; kernel [2,
   * u, G·u]; recurrentBias [2, 1, G·u] or null; keep [2, batch, 1] is false where the step is
   * masked, in which case the states pass through unchanged.
   */
  ForwardStep<T> forward(
      Ops tf,
      Operand<T> projected,
      List<Operand<T>> states,
      Operand<T> kernel,
      Operand<T> recurrentBias,
      Operand<TBool> keep);

  /**
   * The step's gradient. stateGradients are dLoss/d(states after the step), each [2, batch, u];
   * kernelTransposed [2, G·u, u]. Returns dLoss/d(projected), dLoss/d(h·R + recurrent bias),
   * dLoss/d(states before the step), and h before the step (for the recurrent kernel's gradient).
   */
  BackwardStep<T> backward(
      Ops tf,
      Operand<T> record,
      List<Operand<T>> stateGradients,
      Operand<T> kernelTransposed,
      Operand<TBool> keep);

  /** One direction's weights: kernel [in, G·u], recurrent kernel [u, G·u], bias. */
  record Weights<T extends TFloating>(
      Parameter<T> kernel, Parameter<T> recurrentKernel, Parameter<T> bias) {
    public List<Parameter<T>> all() {
      return List.of(kernel, recurrentKernel, bias);
    }
  }

  /** States after a step, and its record [2, batch, recordWidth·u]. */
  record ForwardStep<T extends TFloating>(List<Operand<T>> states, Operand<T> record) {}

  /**
   * dProjected and dRecurrent are [2, batch, G·u] (the same tensor where the recurrent term enters
   * the gates unchanged, as in the LSTM); stateGradients are the gradients before the step;
   * previousOutput is h before the step [2, batch, u], read back from the record.
   */
  record BackwardStep<T extends TFloating>(
      Operand<T> dProjected,
      Operand<T> dRecurrent,
      List<Operand<T>> stateGradients,
      Operand<T> previousOutput) {}
}
