package dev.textrnn.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * A layer above the embedding: it takes the output of the layer below. Its pass either leaves its
 * gradient to TensorFlow ({@link LayerPass}) or, for a recurrence, brings its own way back ({@link
 * RecurrentPass}); {@link TextClassifier.Forward#gradients} routes the gradient along the chain
 * either way.
 */
interface StackedLayer<T extends TFloating> extends Layer<T> {

  /**
   * x is [time, batch, inputs] (time-major, rows in the layout's order) below a layer that takes a
   * sequence, else [batch, inputs].
   */
  LayerPass<T> forward(Ops tf, Operand<T> x, PassContext<T> context);
}
