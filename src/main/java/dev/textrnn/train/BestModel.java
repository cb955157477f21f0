package dev.textrnn.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Keras's {@code ModelCheckpoint(save_best_only=True)} (keras/src/callbacks/model_checkpoint.py):
 * the model that the run hands back, and so the SavedModel that train exports, is the one of the
 * epoch with the best monitored value (strictly better than every epoch before, as Keras's
 * comparison with no min_delta), not the last. The run's checkpoint still holds the last epoch, and
 * keeps the best one's weights beside it.
 */
public final class BestModel implements Callback {

  /**
   * @param monitor a metric of the history ({@link Monitor#NAMES}), Keras's default val_loss
   */
  public record Settings(String monitor) implements CallbackSettings {
    /**
     * @throws dev.textrnn.model.InvalidSettingException for a metric the run does not have
     */
    public Settings {
      new Monitor(monitor);
    }

    @Override
    public BestModel callback() {
      return new BestModel(this);
    }
  }

  private final Monitor monitor;
  private FitModel model;
  private double best;
  private int bestEpoch;

  public BestModel(Settings settings) {
    this.monitor = new Monitor(settings.monitor());
  }

  @Override
  public void setModel(FitModel model) {
    this.model = model;
  }

  @Override
  public void runStarted() {
    best = Double.NaN;
    bestEpoch = 0;
  }

  @Override
  public void epochFinished(EpochRecord record) {
    int previousBest = bestEpoch;
    if (update(record)) {
      model.keep(bestEpoch);
      if (previousBest > 0) {
        model.release(previousBest);
      }
    }
  }

  @Override
  public void resumed(List<EpochRecord> history) {
    history.forEach(this::update);
    if (bestEpoch > 0) {
      model.keepResumed(bestEpoch);
    }
  }

  /** Whether the epoch is the new best (an epoch without the metric is skipped, as in Keras). */
  private boolean update(EpochRecord record) {
    double current = monitor.value(record);
    if (Double.isNaN(current) || !monitor.improves(current, best, 0)) {
      return false;
    }
    best = current;
    bestEpoch = record.epoch();
    return true;
  }

  @Override
  public void runFinished(List<EpochRecord> history) {
    if (bestEpoch > 0) {
      model.setWeights(model.kept(bestEpoch));
    }
  }

  /** The epoch whose weights the model ends with; 0 if the metric was never seen (the last). */
  public int bestEpoch() {
    return bestEpoch;
  }

  @Override
  public Map<String, Object> outcome() {
    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("best_epoch", bestEpoch);
    outcome.put("best_" + monitor.name(), bestEpoch > 0 ? best : null);
    return Map.of("save_best_only", outcome);
  }

  @Override
  public Optional<String> report() {
    return Optional.of(
        bestEpoch > 0
            ? String.format(
                Locale.ROOT,
                "Best model: epoch %d (%s %.4f); the model has its weights",
                bestEpoch,
                monitor.name(),
                best)
            : "Best model: no " + monitor.name() + " seen; the model has the last weights");
  }
}
