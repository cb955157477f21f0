package dev.textrnn.train;

/**
 * A request, from another thread (a signal handler), that a run stop at its next safe point: before
 * a step of training or evaluation, never inside one, so that no TensorFlow call is cut short and
 * the last checkpoint stays whole. As Keras's {@code model.stop_training}, which its {@code fit}
 * reads after every batch (keras/src/backend/tensorflow/trainer.py).
 */
public final class StopRequest {
  private volatile boolean requested;

  public void request() {
    requested = true;
  }

  /**
   * @throws StoppedException if a stop was requested
   */
  void stopIfRequested() {
    if (requested) {
      throw new StoppedException();
    }
  }

  /** The run stopped at a safe point, on request; its checkpoint holds its last complete epoch. */
  public static final class StoppedException extends RuntimeException {
    StoppedException() {
      super("stopped on request");
    }
  }
}
