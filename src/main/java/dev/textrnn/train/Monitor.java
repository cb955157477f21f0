package dev.textrnn.train;

import dev.textrnn.model.InvalidSettingException;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The quantity that a callback watches, by its name in the history, and which way is better: as
 * Keras's MonitorCallback (keras/src/callbacks/monitor_callback.py) in mode "auto", a loss is
 * minimized and an accuracy maximized.
 */
public record Monitor(String name) {
  private static final Map<String, ToDoubleFunction<EpochRecord>> METRICS =
      Map.of(
          "loss", EpochRecord::loss,
          "accuracy", EpochRecord::accuracy,
          "keras_accuracy", EpochRecord::kerasAccuracy,
          "val_loss", EpochRecord::valLoss,
          "val_accuracy", EpochRecord::valAccuracy,
          "val_keras_accuracy", EpochRecord::valKerasAccuracy);

  /** The metrics of every run, in the history's order. */
  public static final List<String> NAMES =
      List.of(
          "loss", "accuracy", "keras_accuracy", "val_loss", "val_accuracy", "val_keras_accuracy");

  /** Keras's default. */
  public static final String VAL_LOSS = "val_loss";

  /**
   * @throws InvalidSettingException naming the metrics a run has, if {@code name} is not one
   */
  public Monitor {
    if (!METRICS.containsKey(name)) {
      throw new InvalidSettingException(
          "monitor",
          "must name a metric of the run (" + String.join(", ", NAMES) + "), got " + name);
    }
  }

  /** Whether more is better: accuracies, as Keras's metrics whose direction is "up". */
  public boolean maximized() {
    return name.contains("accuracy");
  }

  /**
   * The epoch's value; NaN when the run has no such figure (no validation texts), which a callback
   * skips as Keras's skip a metric missing from the logs.
   */
  public double value(EpochRecord epoch) {
    return METRICS.get(name).applyAsDouble(epoch);
  }

  /**
   * Keras's {@code _is_improvement}: better than {@code best} by more than {@code minDelta} (its
   * absolute value); anything improves on no best yet (NaN).
   */
  public boolean improves(double current, double best, double minDelta) {
    if (Double.isNaN(best)) {
      return true;
    }
    double delta = Math.abs(minDelta);
    return maximized() ? current - delta > best : current + delta < best;
  }
}
