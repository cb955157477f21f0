package dev.textrnn.train;

import java.util.List;

/**
 * What a training run reports as it goes, as Keras's callbacks see {@code fit}: the run, each epoch
 * and each batch, begin and end (keras/src/callbacks/callback.py). Every method does nothing unless
 * overridden. A listener stops training as a Keras callback does by setting {@code
 * model.stop_training}: {@link #stopRequested()} is read after every batch and every epoch.
 */
public interface TrainingListener {

  /** Before {@link #runStarted}: the model that the run trains (Keras's {@code set_model}). */
  default void setModel(FitModel model) {}

  /**
   * Before the first epoch of the run (a resumed run's first is the one after its checkpoint's).
   */
  default void runStarted() {}

  /**
   * A resumed run, right after {@link #runStarted}: the epochs that its checkpoint holds. A
   * listener that carries state from epoch to epoch (a patience count, a best value, a learning
   * rate) rebuilds it from them, so that the run goes on as if it had not stopped.
   */
  default void resumed(List<EpochRecord> history) {}

  default void epochStarted(int epoch, int epochs, int steps) {}

  /** Before step {@code step} (1-based) of the epoch. */
  default void batchStarted(int step) {}

  /** After step {@code step} (1-based) of the epoch; metrics are the epoch's running means. */
  default void batchFinished(int step, Metrics running, long elapsedNanos) {}

  /** After the epoch's validation; the record holds its training and validation metrics. */
  default void epochFinished(EpochRecord record) {}

  /** The epoch ended before its end: training diverged or was stopped on a {@link StopRequest}. */
  default void epochAbandoned() {}

  /** After the last epoch, or the one in which a stop was requested; the whole history. */
  default void runFinished(List<EpochRecord> history) {}

  /**
   * Whether training should end now. Read after every batch and after every epoch: when it turns
   * true during an epoch, that epoch ends at once, as in Keras's {@code fit}
   * (keras/src/backend/tensorflow/trainer.py): it is validated, reported to {@link #epochFinished},
   * written to the checkpoint like any other epoch (its metrics those of the batches done), and is
   * the last. Unlike a {@link StopRequest}, the run then ends normally, with the model as trained
   * so far. It is read on the training thread: a flag that another thread sets must be volatile.
   */
  default boolean stopRequested() {
    return false;
  }

  /** All of the listeners, in order; it requests a stop when any of them does. */
  static TrainingListener all(List<? extends TrainingListener> listeners) {
    List<TrainingListener> each = List.copyOf(listeners);
    return new TrainingListener() {
      @Override
      public void setModel(FitModel model) {
        each.forEach(l -> l.setModel(model));
      }

      @Override
      public void runStarted() {
        each.forEach(TrainingListener::runStarted);
      }

      @Override
      public void resumed(List<EpochRecord> history) {
        each.forEach(l -> l.resumed(history));
      }

      @Override
      public void epochStarted(int epoch, int epochs, int steps) {
        each.forEach(l -> l.epochStarted(epoch, epochs, steps));
      }

      @Override
      public void batchStarted(int step) {
        each.forEach(l -> l.batchStarted(step));
      }

      @Override
      public void batchFinished(int step, Metrics running, long elapsedNanos) {
        each.forEach(l -> l.batchFinished(step, running, elapsedNanos));
      }

      @Override
      public void epochFinished(EpochRecord record) {
        each.forEach(l -> l.epochFinished(record));
      }

      @Override
      public void epochAbandoned() {
        each.forEach(TrainingListener::epochAbandoned);
      }

      @Override
      public void runFinished(List<EpochRecord> history) {
        each.forEach(l -> l.runFinished(history));
      }

      @Override
      public boolean stopRequested() {
        return each.stream().anyMatch(TrainingListener::stopRequested);
      }
    };
  }
}
