package dev.textrnn.train;

/**
 * Running means over samples, as Keras reports them during an epoch: loss, accuracy by the head's
 * rule (for the tutorial's one logit, logit ≥ 0) and Keras's own 'accuracy' (there, logit > 0.5);
 * and the confusion matrix that the accuracy, and the per-class figures, come from.
 */
public final class Metrics {
  private double lossSum;
  private ConfusionMatrix confusion; // sized by the first step's head
  private long kerasCorrect;
  private long samples;

  public void add(StepResult step) {
    lossSum += step.loss() * step.size();
    if (confusion == null) {
      confusion = new ConfusionMatrix(step.confusion().classes());
    }
    confusion.add(step.confusion());
    kerasCorrect += step.kerasCorrect();
    samples += step.size();
  }

  public long samples() {
    return samples;
  }

  public double loss() {
    return samples == 0 ? Double.NaN : lossSum / samples;
  }

  public double accuracy() {
    return samples == 0 ? Double.NaN : (double) confusion.correct() / samples;
  }

  public double kerasAccuracy() {
    return samples == 0 ? Double.NaN : (double) kerasCorrect / samples;
  }

  /**
   * The counts so far (a copy).
   *
   * @throws IllegalStateException before the first step, when the classes are not known yet
   */
  public ConfusionMatrix confusionMatrix() {
    if (confusion == null) {
      throw new IllegalStateException("no step counted yet");
    }
    return confusion.copy();
  }
}
