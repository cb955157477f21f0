package dev.textrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.textrnn.model.Head;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  private static final double EXACT = 1e-12;

  /**
   * Four classes: a and b predicted right and wrong, c present but never predicted, d neither
   * present nor predicted; counted over two steps. The expected figures are what Keras 3.15's
   * {@code F1Score(average=None)}, {@code F1Score(average="macro")}, {@code Precision(class_id=c)},
   * {@code Recall(class_id=c)} and {@code tf.math.confusion_matrix} give for these labels.
   */
  @Test
  void perClassFiguresAreKerasAndScikitLearns() {
    int[] truth = {0, 0, 0, 0, 1, 1, 1, 2, 2};
    int[] predicted = {0, 0, 1, 0, 1, 1, 0, 1, 0};
    Head head = Head.softmax(4);
    Metrics metrics = new Metrics();
    metrics.add(step(head, truth, predicted, 0, 5));
    metrics.add(step(head, truth, predicted, 5, 9));

    ConfusionMatrix confusion = metrics.confusionMatrix();
    assertArrayEquals(
        new long[][] {{3, 1, 0, 0}, {1, 2, 0, 0}, {1, 1, 0, 0}, {0, 0, 0, 0}}, confusion.counts());
    assertArrayEquals(
        new double[] {3 / 5.0, 2 / 4.0, 0, 0}, figures(confusion::precision), EXACT, "precision");
    assertArrayEquals(
        new double[] {3 / 4.0, 2 / 3.0, 0, 0}, figures(confusion::recall), EXACT, "recall");
    assertArrayEquals(new double[] {2 / 3.0, 4 / 7.0, 0, 0}, figures(confusion::f1), EXACT, "f1");
    assertArrayEquals(
        new double[] {4, 3, 2, 0}, figures(c -> confusion.support(c)), EXACT, "support");
    assertEquals((2 / 3.0 + 4 / 7.0) / 4, confusion.macroF1(), EXACT, "macro F1 over 4 classes");
    assertEquals(5 / 9.0, metrics.accuracy(), EXACT, "accuracy: the diagonal");
    assertEquals(9, metrics.samples());
  }

  @Test
  void theTutorialsHeadCountsByItsLogitAndKerasByHalf() {
    // logits 0.3 and -0.2 are class 1 and 0 by the head (logit >= 0), both class 0 for Keras (>
    // 0.5)
    StepResult step =
        StepResult.fromLogits(
            Head.binary(), new float[] {0.3f, -0.2f, 0.7f}, new float[] {1, 1, 1});
    assertArrayEquals(new long[][] {{0, 0}, {1, 2}}, step.confusion().counts());
    assertEquals(2, step.correct());
    assertEquals(1, step.kerasCorrect());
  }

  /** Logits whose arg-max is each row's predicted class. */
  private static StepResult step(Head head, int[] truth, int[] predicted, int from, int to) {
    float[] logits = new float[(to - from) * head.width()];
    float[] labels = new float[to - from];
    for (int row = 0; row < labels.length; row++) {
      logits[row * head.width() + predicted[from + row]] = 1;
      labels[row] = truth[from + row];
    }
    return StepResult.fromLogits(head, logits, labels);
  }

  private static double[] figures(IntToDoubleFunction figure) {
    double[] values = new double[4];
    for (int c = 0; c < values.length; c++) {
      values[c] = figure.applyAsDouble(c);
    }
    return values;
  }
}
