package dev.textrnn.model;

import java.util.List;
import org.tensorflow.types.family.TFloating;

/**
 * One layer of a {@link TextClassifier}: it owns its variables (with Keras's names), and says what
 * Keras's {@code model.summary()} says of it. {@link ModelSummary}, the parameter order and the
 * checkpoint follow the chain of layers rather than repeating the topology.
 */
public interface Layer<T extends TFloating> {

  /** Keras's name of the layer, for example {@code bidirectional_1}. */
  String name();

  /** Keras's class of the layer, for example {@code Bidirectional}. */
  String kerasClass();

  /** The layer's variables, in Keras's weight order. */
  List<Parameter<T>> parameters();

  OutputShape outputShape();

  /** The layer as a run describes it, for example {@code Dense(64, relu)}. */
  String describe();

  default long parameterCount() {
    return parameters().stream().mapToLong(Parameter::size).sum();
  }

  /**
   * A layer's output: a sequence [batch, time, width] or one vector per row [batch, width]. Printed
   * as Keras prints it.
   */
  record OutputShape(boolean sequence, int width) {
    @Override
    public String toString() {
      return sequence ? "(None, None, " + width + ")" : "(None, " + width + ")";
    }
  }
}
