package dev.textrnn.train;

import dev.textrnn.model.InvalidSettingException;
import dev.textrnn.model.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Keras's {@code ReduceLROnPlateau} (keras/src/callbacks/reduce_lr_on_plateau.py): once the
 * monitored metric has not improved by more than {@code minDelta} for {@code patience} epochs, the
 * learning rate is multiplied by {@code factor}, down to {@code minLr}, then left alone for {@code
 * cooldown} epochs. The epochs after a reduction train at the new rate.
 */
public final class ReduceLrOnPlateau implements Callback {

  /**
   * @param monitor a metric of the history ({@link Monitor#NAMES}), Keras's default val_loss
   * @param factor what the rate is multiplied by, between 0 and 1
   */
  public record Settings(
      String monitor, double factor, int patience, double minLr, int cooldown, double minDelta)
      implements CallbackSettings {

    /**
     * @throws InvalidSettingException naming the first setting out of range
     */
    public Settings {
      new Monitor(monitor);
      if (!(factor > 0 && factor < 1)) {
        throw new InvalidSettingException(
            "factor", "must be greater than 0 and less than 1, got " + Setting.format(factor));
      }
      Setting.requireAtLeast("patience", patience, 0);
      Setting.requireFinite("minLr", minLr);
      if (minLr < 0) {
        throw new InvalidSettingException(
            "minLr", "must be at least 0, got " + Setting.format(minLr));
      }
      Setting.requireAtLeast("cooldown", cooldown, 0);
      Setting.requireFinite("minDelta", minDelta);
    }

    /**
     * Keras's defaults: val_loss, factor 0.1, patience 10, min_lr 0, cooldown 0, min_delta 1e-4.
     */
    public static Settings defaults() {
      return new Settings(Monitor.VAL_LOSS, 0.1, 10, 0, 0, 1e-4);
    }

    public Settings withMonitor(String monitor) {
      return new Settings(monitor, factor, patience, minLr, cooldown, minDelta);
    }

    public Settings withFactor(double factor) {
      return new Settings(monitor, factor, patience, minLr, cooldown, minDelta);
    }

    public Settings withPatience(int patience) {
      return new Settings(monitor, factor, patience, minLr, cooldown, minDelta);
    }

    public Settings withMinLr(double minLr) {
      return new Settings(monitor, factor, patience, minLr, cooldown, minDelta);
    }

    public Settings withCooldown(int cooldown) {
      return new Settings(monitor, factor, patience, minLr, cooldown, minDelta);
    }

    public Settings withMinDelta(double minDelta) {
      return new Settings(monitor, factor, patience, minLr, cooldown, minDelta);
    }

    @Override
    public ReduceLrOnPlateau callback() {
      return new ReduceLrOnPlateau(this);
    }
  }

  private final Settings settings;
  private final Monitor monitor;
  private FitModel model;
  private double best;
  private int wait;
  private int cooldownCounter;
  private final Map<Integer, Float> reductions = new LinkedHashMap<>();

  public ReduceLrOnPlateau(Settings settings) {
    this.settings = settings;
    this.monitor = new Monitor(settings.monitor());
  }

  @Override
  public void setModel(FitModel model) {
    this.model = model;
  }

  /** Keras's {@code _reset}. */
  @Override
  public void runStarted() {
    best = Double.NaN;
    wait = 0;
    cooldownCounter = 0;
    reductions.clear();
  }

  /** The epochs again, with their reductions of the rate: the model's rate is then as it was. */
  @Override
  public void resumed(List<EpochRecord> history) {
    history.forEach(this::epochFinished);
  }

  /** Keras's {@code on_epoch_end}; its epochs count from 0, these from 1. */
  @Override
  public void epochFinished(EpochRecord record) {
    double current = monitor.value(record);
    if (Double.isNaN(current)) {
      return;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      wait = 0;
    }
    if (monitor.improves(current, best, settings.minDelta())) {
      best = current;
      wait = 0;
    } else if (cooldownCounter <= 0) {
      wait++;
      if (wait >= settings.patience() && reduce(record.epoch())) {
        cooldownCounter = settings.cooldown();
        wait = 0;
      }
    }
  }

  /**
   * Keras's {@code _reduce_optimizer_lr}: the float32 rate times the factor in double, at least
   * min_lr, stored as float32 again; nothing once the rate is at min_lr.
   */
  private boolean reduce(int epoch) {
    double old = model.learningRate();
    if (!(old > (float) settings.minLr())) {
      return false;
    }
    float rate = (float) Math.max(old * settings.factor(), settings.minLr());
    model.setLearningRate(rate);
    reductions.put(epoch, rate);
    return true;
  }

  /** The rate after each epoch that reduced it, by epoch. */
  public Map<Integer, Float> reductions() {
    return Map.copyOf(reductions);
  }

  @Override
  public Map<String, Object> outcome() {
    Map<String, Object> byEpoch = new LinkedHashMap<>();
    reductions.forEach((epoch, rate) -> byEpoch.put(Integer.toString(epoch), rate));
    return Map.of("learning_rate_reductions", byEpoch);
  }

  @Override
  public Optional<String> report() {
    if (reductions.isEmpty()) {
      return Optional.of("ReduceLROnPlateau: the learning rate was not reduced");
    }
    return Optional.of(
        "ReduceLROnPlateau: "
            + reductions.entrySet().stream()
                .map(e -> "after epoch " + e.getKey() + " to " + Setting.format(e.getValue()))
                .collect(Collectors.joining(", ")));
  }
}
