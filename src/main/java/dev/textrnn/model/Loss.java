package dev.textrnn.model;

import org.tensorflow.Operand;
import org.tensorflow.framework.op.FrameworkOps;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Keras {@code BinaryCrossentropy(from_logits=True)}: sigmoid cross-entropy, mean over the batch.
 */
public final class Loss {
  private Loss() {}

  /** labels [batch] in {0, 1}, logits [batch, 1] → scalar. */
  public static <T extends TFloating> Operand<T> binaryCrossentropy(
      Ops tf, Operand<T> labels, Operand<T> logits) {
    Operand<TInt32> flat = tf.constant(new int[] {-1});
    return tf.math.mean(
        FrameworkOps.create(tf)
            .nn
            .sigmoidCrossEntropyWithLogits(tf.reshape(labels, flat), tf.reshape(logits, flat)),
        tf.constant(0));
  }
}
