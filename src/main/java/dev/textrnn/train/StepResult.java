package dev.textrnn.train;

import dev.textrnn.model.Head;

/**
 * One batch's mean loss and its counts of correct answers: by the head's rule (for two classes the
 * tutorial's, positive when logit ≥ 0) and by Keras's 'accuracy' metric, which for the tutorial's
 * one logit thresholds the raw logit at 0.5 and for a softmax head is the arg-max, as ours.
 *
 * @param logits the batch's logits laid out [batch, head width]
 */
public record StepResult(int size, double loss, int correct, int kerasCorrect, float[] logits) {

  /** From logits alone (a served model gives no loss): the mean of the head's row losses. */
  public static StepResult fromLogits(Head head, float[] logits, float[] labels) {
    double sum = 0;
    for (int row = 0; row < labels.length; row++) {
      sum += head.rowLoss(logits, row, (int) labels[row]);
    }
    return of(head, logits, labels, sum / labels.length);
  }

  static StepResult of(Head head, float[] logits, float[] labels, double loss) {
    int correct = 0;
    int kerasCorrect = 0;
    boolean oneLogit = head.width() == 1;
    for (int row = 0; row < labels.length; row++) {
      int label = (int) labels[row];
      if (head.predictedClass(logits, row) == label) {
        correct++;
      }
      if (oneLogit
          ? (logits[row] > 0.5f) == (label == 1)
          : head.predictedClass(logits, row) == label) {
        kerasCorrect++;
      }
    }
    return new StepResult(labels.length, loss, correct, kerasCorrect, logits);
  }
}
