package dev.textrnn.train;

import dev.textrnn.model.Head;

/**
 * One batch's mean loss, its confusion matrix by the head's rule (for two classes the tutorial's,
 * positive when logit ≥ 0) and its count of correct answers by Keras's 'accuracy' metric, which for
 * the tutorial's one logit thresholds the raw logit at 0.5 and for a softmax head is the arg-max,
 * as ours.
 *
 * @param logits the batch's logits laid out [batch, head width]
 */
public record StepResult(
    int size, double loss, ConfusionMatrix confusion, int kerasCorrect, float[] logits) {

  /** From logits alone (a served model gives no loss): the mean of the head's row losses. */
  public static StepResult fromLogits(Head head, float[] logits, float[] labels) {
    double sum = 0;
    for (int row = 0; row < labels.length; row++) {
      sum += head.rowLoss(logits, row, (int) labels[row]);
    }
    return of(head, logits, labels, sum / labels.length);
  }

  static StepResult of(Head head, float[] logits, float[] labels, double loss) {
    ConfusionMatrix confusion = new ConfusionMatrix(head.classes());
    int kerasCorrect = 0;
    boolean oneLogit = head.width() == 1;
    for (int row = 0; row < labels.length; row++) {
      int label = (int) labels[row];
      int predicted = head.predictedClass(logits, row);
      confusion.add(label, predicted);
      if (oneLogit ? (logits[row] > 0.5f) == (label == 1) : predicted == label) {
        kerasCorrect++;
      }
    }
    return new StepResult(labels.length, loss, confusion, kerasCorrect, logits);
  }

  /** The answers that the head's rule got right. */
  public int correct() {
    return (int) confusion.correct();
  }
}
