package dev.textrnn.train;

/**
 * One batch's mean loss and its counts of correct answers: by the tutorial's rule (positive when
 * logit ≥ 0) and by Keras's 'accuracy' metric, which thresholds the raw logit at 0.5.
 */
public record StepResult(int size, double loss, int correct, int kerasCorrect, float[] logits) {

  /**
   * From logits alone (a served model gives no loss): the mean sigmoid cross-entropy, in the
   * overflow-free form max(x, 0) − x·z + log(1 + e^−|x|).
   */
  public static StepResult fromLogits(float[] logits, float[] labels) {
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      double x = logits[i];
      sum += Math.max(x, 0) - x * labels[i] + Math.log1p(Math.exp(-Math.abs(x)));
    }
    return of(logits, labels, sum / logits.length);
  }

  static StepResult of(float[] logits, float[] labels, double loss) {
    int correct = 0;
    int kerasCorrect = 0;
    for (int i = 0; i < logits.length; i++) {
      boolean positive = labels[i] > 0.5f;
      if ((logits[i] >= 0) == positive) {
        correct++;
      }
      if ((logits[i] > 0.5f) == positive) {
        kerasCorrect++;
      }
    }
    return new StepResult(logits.length, loss, correct, kerasCorrect, logits);
  }
}
