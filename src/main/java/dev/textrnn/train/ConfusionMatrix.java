package dev.textrnn.train;

import java.util.Arrays;

/**
 * How many texts of each true class were predicted as each class (rows: true class, columns:
 * predicted class, as scikit-learn's {@code confusion_matrix}), and the per-class figures of
 * scikit-learn's {@code classification_report} derived from it.
 *
 * <p>A ratio whose denominator is 0 is 0: the precision of a class never predicted, the recall of a
 * class with no text, and their F1. That is scikit-learn's {@code zero_division="warn"} default (it
 * warns, then gives 0), and what Keras's {@code Precision}, {@code Recall} and {@code F1Score}
 * give. The macro F1 is the unweighted mean over all the model's classes, those absent from the
 * data included, as Keras's {@code F1Score(average="macro")} and scikit-learn's {@code
 * f1_score(labels=classes, average="macro")}.
 */
public final class ConfusionMatrix {
  private final long[][] counts; // [true class][predicted class]

  ConfusionMatrix(int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("a confusion matrix needs at least 2 classes: " + classes);
    }
    counts = new long[classes][classes];
  }

  private ConfusionMatrix(long[][] counts) {
    this.counts = counts;
  }

  void add(int trueClass, int predictedClass) {
    counts[trueClass][predictedClass]++;
  }

  void add(ConfusionMatrix other) {
    if (other.classes() != classes()) {
      throw new IllegalArgumentException(
          "a matrix of " + other.classes() + " classes added to one of " + classes());
    }
    for (int t = 0; t < counts.length; t++) {
      for (int p = 0; p < counts.length; p++) {
        counts[t][p] += other.counts[t][p];
      }
    }
  }

  ConfusionMatrix copy() {
    return new ConfusionMatrix(Arrays.stream(counts).map(long[]::clone).toArray(long[][]::new));
  }

  public int classes() {
    return counts.length;
  }

  /** The texts of class {@code trueClass} predicted as {@code predictedClass}. */
  public long count(int trueClass, int predictedClass) {
    return counts[trueClass][predictedClass];
  }

  /** All the counts, [true class][predicted class] (a copy). */
  public long[][] counts() {
    return copy().counts;
  }

  public long total() {
    return Arrays.stream(counts).flatMapToLong(Arrays::stream).sum();
  }

  /** The texts predicted as their own class: the diagonal. */
  public long correct() {
    long correct = 0;
    for (int c = 0; c < counts.length; c++) {
      correct += counts[c][c];
    }
    return correct;
  }

  /** The texts whose true class is {@code c} (scikit-learn's support): row c. */
  public long support(int c) {
    return Arrays.stream(counts[c]).sum();
  }

  /** The texts predicted as {@code c}: column c. */
  public long predicted(int c) {
    long predicted = 0;
    for (long[] row : counts) {
      predicted += row[c];
    }
    return predicted;
  }

  /** Of the texts predicted as c, the share that are c; 0 if none was predicted as c. */
  public double precision(int c) {
    return ratio(counts[c][c], predicted(c));
  }

  /** Of the texts of class c, the share predicted as c; 0 if there is none. */
  public double recall(int c) {
    return ratio(counts[c][c], support(c));
  }

  /**
   * The harmonic mean of precision and recall, 2·TP / (2·TP + FP + FN) (the same value, with no 0/0
   * when precision is 0); 0 when both are.
   */
  public double f1(int c) {
    long truePositives = counts[c][c];
    long falsePositives = predicted(c) - truePositives;
    long falseNegatives = support(c) - truePositives;
    return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
  }

  /** The mean of every class's F1. */
  public double macroF1() {
    double sum = 0;
    for (int c = 0; c < counts.length; c++) {
      sum += f1(c);
    }
    return sum / counts.length;
  }

  private static double ratio(long numerator, long denominator) {
    return denominator == 0 ? 0 : (double) numerator / denominator;
  }
}
