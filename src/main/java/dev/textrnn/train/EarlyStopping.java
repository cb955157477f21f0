package dev.textrnn.train;

import dev.textrnn.model.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Keras's {@code EarlyStopping} (keras/src/callbacks/early_stopping.py): stops training once the
 * monitored metric has not improved by more than {@code minDelta} for {@code patience} epochs,
 * counting from epoch {@code startFromEpoch + 1}; with {@code restoreBestWeights}, the model ends
 * with the weights of its best epoch (whether or not it stopped early), else with the last.
 */
public final class EarlyStopping implements Callback {

  /**
   * @param monitor a metric of the history ({@link Monitor#NAMES}), Keras's default val_loss
   * @param patience epochs without improvement after which training stops
   * @param minDelta the least change that counts as an improvement (its absolute value)
   * @param startFromEpoch epochs to wait before watching (warm-up)
   */
  public record Settings(
      String monitor, int patience, double minDelta, boolean restoreBestWeights, int startFromEpoch)
      implements CallbackSettings {

    /**
     * @throws dev.textrnn.model.InvalidSettingException naming the first setting out of range
     */
    public Settings {
      new Monitor(monitor);
      Setting.requireAtLeast("patience", patience, 0);
      Setting.requireFinite("minDelta", minDelta);
      Setting.requireAtLeast("startFromEpoch", startFromEpoch, 0);
    }

    /** Keras's defaults with this patience: val_loss, min_delta 0, the last weights, no warm-up. */
    public static Settings patience(int patience) {
      return new Settings(Monitor.VAL_LOSS, patience, 0, false, 0);
    }

    public Settings withMonitor(String monitor) {
      return new Settings(monitor, patience, minDelta, restoreBestWeights, startFromEpoch);
    }

    public Settings withMinDelta(double minDelta) {
      return new Settings(monitor, patience, minDelta, restoreBestWeights, startFromEpoch);
    }

    public Settings withRestoreBestWeights(boolean restoreBestWeights) {
      return new Settings(monitor, patience, minDelta, restoreBestWeights, startFromEpoch);
    }

    public Settings withStartFromEpoch(int startFromEpoch) {
      return new Settings(monitor, patience, minDelta, restoreBestWeights, startFromEpoch);
    }

    @Override
    public EarlyStopping callback() {
      return new EarlyStopping(this);
    }
  }

  private final Settings settings;
  private final Monitor monitor;
  private FitModel model;
  private int wait;
  private double best;
  private int bestEpoch;
  private int stoppedEpoch;
  private int lastEpoch;

  public EarlyStopping(Settings settings) {
    this.settings = settings;
    this.monitor = new Monitor(settings.monitor());
  }

  @Override
  public void setModel(FitModel model) {
    this.model = model;
  }

  /** Keras's {@code on_train_begin}. */
  @Override
  public void runStarted() {
    wait = 0;
    best = Double.NaN;
    bestEpoch = 0;
    stoppedEpoch = 0;
    lastEpoch = 0;
  }

  @Override
  public void epochFinished(EpochRecord record) {
    int previousBest = bestEpoch;
    if (update(record) && settings.restoreBestWeights()) {
      model.keep(bestEpoch);
      if (previousBest > 0) {
        model.release(previousBest);
      }
    }
  }

  @Override
  public void resumed(List<EpochRecord> history) {
    history.forEach(this::update);
    if (settings.restoreBestWeights() && bestEpoch > 0) {
      model.keepResumed(bestEpoch);
    }
  }

  /**
   * Keras's {@code on_epoch_end} but for the weights: whether the epoch is the new best. Keras's
   * epochs count from 0, these from 1.
   */
  private boolean update(EpochRecord record) {
    lastEpoch = record.epoch();
    double current = monitor.value(record);
    if (Double.isNaN(current) || record.epoch() - 1 < settings.startFromEpoch()) {
      return false;
    }
    wait++;
    if (monitor.improves(current, best, settings.minDelta())) {
      best = current;
      bestEpoch = record.epoch();
      wait = 0;
      return true;
    }
    if (wait >= settings.patience() && record.epoch() > 1) {
      stoppedEpoch = record.epoch();
    }
    return false;
  }

  /** Keras's {@code on_train_end}. */
  @Override
  public void runFinished(List<EpochRecord> history) {
    if (settings.restoreBestWeights() && bestEpoch > 0) {
      model.setWeights(model.kept(bestEpoch));
    }
  }

  @Override
  public boolean stopRequested() {
    return stoppedEpoch > 0;
  }

  /** The epoch after which training stopped; 0 if it did not stop early. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /** The epoch of the best monitored value; 0 if none was seen. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The epoch whose weights the model ends with. */
  public int weightsEpoch() {
    return settings.restoreBestWeights() && bestEpoch > 0 ? bestEpoch : lastEpoch;
  }

  @Override
  public Map<String, Object> outcome() {
    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("stopped_epoch", stoppedEpoch);
    outcome.put("best_epoch", bestEpoch);
    outcome.put("best_" + settings.monitor(), bestEpoch > 0 ? best : null);
    outcome.put("weights_epoch", weightsEpoch());
    return Map.of("early_stopping", outcome);
  }

  @Override
  public Optional<String> report() {
    String best =
        bestEpoch > 0
            ? String.format(
                Locale.ROOT, "best %s %.4f at epoch %d", settings.monitor(), this.best, bestEpoch)
            : "no " + settings.monitor() + " seen";
    String stopped =
        stoppedEpoch > 0
            ? "stopped after epoch "
                + stoppedEpoch
                + ", "
                + settings.patience()
                + (settings.patience() == 1 ? " epoch" : " epochs")
                + " without improvement"
            : "did not stop early";
    return Optional.of(
        "Early stopping: "
            + stopped
            + " ("
            + best
            + ")"
            + (settings.restoreBestWeights() && bestEpoch > 0
                ? "; restored the weights of epoch " + bestEpoch
                : ""));
  }
}
