package dev.textrnn.train;

/**
 * Running means over samples, as Keras reports them during an epoch: loss, accuracy by the
 * tutorial's rule (logit ≥ 0) and Keras's own 'accuracy' (logit > 0.5).
 */
public final class Metrics {
  private double lossSum;
  private long correct;
  private long kerasCorrect;
  private long samples;

  public void add(StepResult step) {
    lossSum += step.loss() * step.size();
    correct += step.correct();
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
    return samples == 0 ? Double.NaN : (double) correct / samples;
  }

  public double kerasAccuracy() {
    return samples == 0 ? Double.NaN : (double) kerasCorrect / samples;
  }
}
