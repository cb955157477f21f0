package dev.textrnn.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * The forward pass of one bidirectional layer, and the way back through it. TensorFlow's own
 * gradients stop at {@link #boundary()}; {@link #backward} takes over from there.
 */
interface RecurrentPass<T extends TFloating> extends LayerPass<T> {

  /** [batch, 2·units], or [time, batch, 2·units] when the layer returns all its steps. */
  @Override
  Operand<T> output();

  /** The tensor from which {@link #output()} is computed with ops TensorFlow can differentiate. */
  Operand<T> boundary();

  /**
   * Builds the way back. dBoundary is dLoss/d{@link #boundary()}. Returns the tensors where the
   * layer met the rest of the graph with their gradients, for TensorFlow to carry on from.
   */
  GradientSeed backward(Ops tf, Operand<T> dBoundary);
}
