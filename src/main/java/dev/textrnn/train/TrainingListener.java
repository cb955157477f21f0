package dev.textrnn.train;

/** What a training run reports as it goes. */
public interface TrainingListener {

  void epochStarted(int epoch, int epochs, int steps);

  /** After step {@code step} (1-based) of the epoch; metrics are the epoch's running means. */
  void stepFinished(int step, Metrics running, long elapsedNanos);

  void epochFinished(EpochRecord record);

  /** The epoch ended before its end: training diverged or was stopped. */
  void epochAbandoned();
}
