package dev.textrnn.model;

import org.tensorflow.Operand;
import org.tensorflow.types.family.TFloating;

/** What a layer's forward pass added to the graph. */
interface LayerPass<T extends TFloating> {

  /** [time, batch, width] for a sequence, else [batch, width]. */
  Operand<T> output();
}
