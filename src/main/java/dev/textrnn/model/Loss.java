package dev.textrnn.model;

import org.tensorflow.Operand;
import org.tensorflow.framework.op.FrameworkOps;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.OneHot;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/** Keras's losses on logits, each the mean over the batch. */
public final class Loss {
  private Loss() {}

  /**
   * Keras {@code BinaryCrossentropy(from_logits=True)}: sigmoid cross-entropy. labels [batch] in
   * {0, 1}, logits [batch, 1] → scalar.
   */
  public static <T extends TFloating> Operand<T> binaryCrossentropy(
      Ops tf, Operand<T> labels, Operand<T> logits) {
    Operand<TInt32> flat = tf.constant(new int[] {-1});
    return tf.math.mean(
        FrameworkOps.create(tf)
            .nn
            .sigmoidCrossEntropyWithLogits(tf.reshape(labels, flat), tf.reshape(logits, flat)),
        tf.constant(0));
  }

  /**
   * Keras {@code SparseCategoricalCrossentropy(from_logits=True)}: −log softmax(logits)[label].
   * labels [batch] hold class indices (as floats), logits [batch, classes] → scalar. Written with
   * {@code LogSoftmax} and a one-hot product, whose gradients TensorFlow's C++ registry has, rather
   * than the fused {@code SparseSoftmaxCrossEntropyWithLogits} kernel.
   */
  public static <T extends TFloating> Operand<T> sparseCategoricalCrossentropy(
      Ops tf, Operand<T> labels, Operand<T> logits, int classes) {
    Class<T> dtype = logits.type();
    Operand<T> oneHot =
        tf.oneHot(
            tf.dtypes.cast(labels, TInt64.class),
            tf.constant(classes),
            tf.dtypes.cast(tf.constant(1f), dtype),
            tf.dtypes.cast(tf.constant(0f), dtype),
            OneHot.axis(-1L)); // [batch, classes]
    Operand<T> logLikelihood =
        tf.reduceSum(tf.math.mul(oneHot, tf.nn.logSoftmax(logits)), tf.constant(-1)); // [batch]
    return tf.math.neg(tf.math.mean(logLikelihood, tf.constant(0)));
  }
}
