package dev.textrnn.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * The model's output: how many logits a row has, the loss on them, their probabilities and how a
 * row of logits becomes a class. Two classes take the tutorial's head ({@link #binary()}), more
 * take a softmax ({@link #softmax}).
 */
public interface Head {

  /** The number of classes, at least 2. */
  int classes();

  /** Logits per row: 1 for two classes, else one per class. */
  int width();

  /** labels [batch] hold class indices (as floats); logits [batch, width] → the mean loss. */
  <T extends TFloating> Operand<T> loss(Ops tf, Operand<T> labels, Operand<T> logits);

  /** logits [batch, width] → [batch, width]: sigmoid for two classes, softmax for more. */
  <T extends TFloating> Operand<T> probabilities(Ops tf, Operand<T> logits);

  /** logits [batch, width] → every class's probability [batch, classes]. */
  <T extends TFloating> Operand<T> scores(Ops tf, Operand<T> logits);

  /** logits [batch, width] → each row's class [batch], as {@link #predictedClass} gives it. */
  <T extends TFloating> Operand<TInt64> predictedClasses(Ops tf, Operand<T> logits);

  /** The class of row {@code row} of logits laid out [batch, width]. */
  int predictedClass(float[] logits, int row);

  /**
   * The loss of row {@code row} of logits laid out [batch, width], in double precision and without
   * overflow: what {@link #loss} averages, for logits that a served model gave.
   */
  double rowLoss(float[] logits, int row, int label);

  /** The head for that many classes. */
  static Head forClasses(int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
    }
    return classes == 2 ? binary() : softmax(classes);
  }

  /**
   * The tutorial's: {@code Dense(1)}, Keras's {@code BinaryCrossentropy(from_logits=True)}; class 1
   * when the logit is ≥ 0 (probability ≥ 0.5).
   */
  static Head binary() {
    return new Head() {
      @Override
      public int classes() {
        return 2;
      }

      @Override
      public int width() {
        return 1;
      }

      @Override
      public <T extends TFloating> Operand<T> loss(Ops tf, Operand<T> labels, Operand<T> logits) {
        return Loss.binaryCrossentropy(tf, labels, logits);
      }

      @Override
      public <T extends TFloating> Operand<T> probabilities(Ops tf, Operand<T> logits) {
        return tf.math.sigmoid(logits);
      }

      @Override
      public <T extends TFloating> Operand<T> scores(Ops tf, Operand<T> logits) {
        Operand<T> p = tf.math.sigmoid(logits); // [batch, 1]
        Operand<T> one = tf.dtypes.cast(tf.constant(1f), logits.type());
        return tf.concat(java.util.List.of(tf.math.sub(one, p), p), tf.constant(-1));
      }

      @Override
      public <T extends TFloating> Operand<TInt64> predictedClasses(Ops tf, Operand<T> logits) {
        Operand<T> zero = tf.dtypes.cast(tf.constant(0f), logits.type());
        return tf.dtypes.cast(
            tf.reshape(tf.math.greaterEqual(logits, zero), tf.constant(new int[] {-1})),
            TInt64.class);
      }

      @Override
      public int predictedClass(float[] logits, int row) {
        return logits[row] >= 0 ? 1 : 0;
      }

      /** max(x, 0) − x·z + log(1 + e^−|x|) */
      @Override
      public double rowLoss(float[] logits, int row, int label) {
        double x = logits[row];
        return Math.max(x, 0) - x * label + Math.log1p(Math.exp(-Math.abs(x)));
      }
    };
  }

  /**
   * {@code Dense(classes)} logits, Keras's {@code SparseCategoricalCrossentropy(from_logits=True)};
   * the class of the largest logit (the first of equal ones, as {@code argmax}).
   */
  static Head softmax(int classes) {
    return new Head() {
      @Override
      public int classes() {
        return classes;
      }

      @Override
      public int width() {
        return classes;
      }

      @Override
      public <T extends TFloating> Operand<T> loss(Ops tf, Operand<T> labels, Operand<T> logits) {
        return Loss.sparseCategoricalCrossentropy(tf, labels, logits, classes);
      }

      @Override
      public <T extends TFloating> Operand<T> probabilities(Ops tf, Operand<T> logits) {
        return tf.nn.softmax(logits);
      }

      @Override
      public <T extends TFloating> Operand<T> scores(Ops tf, Operand<T> logits) {
        return tf.nn.softmax(logits);
      }

      @Override
      public <T extends TFloating> Operand<TInt64> predictedClasses(Ops tf, Operand<T> logits) {
        return tf.math.argMax(logits, tf.constant(-1), TInt64.class);
      }

      @Override
      public int predictedClass(float[] logits, int row) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (logits[row * classes + c] > logits[row * classes + best]) {
            best = c;
          }
        }
        return best;
      }

      /** log Σ e^(x_c − max) − (x_label − max) */
      @Override
      public double rowLoss(float[] logits, int row, int label) {
        double max = logits[row * classes + predictedClass(logits, row)];
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          sum += Math.exp(logits[row * classes + c] - max);
        }
        return Math.log(sum) - (logits[row * classes + label] - max);
      }
    };
  }
}
