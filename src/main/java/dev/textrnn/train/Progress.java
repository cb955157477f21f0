package dev.textrnn.train;

import java.util.Locale;

/**
 * Keras's progress text: {@code 120/391 - 41s 340ms/step - ETA: 1m33s - loss: 0.6821 - accuracy:
 * 0.5512}.
 */
final class Progress {
  private Progress() {}

  static String line(int step, int steps, Metrics running, long elapsedNanos) {
    double seconds = elapsedNanos / 1e9;
    double perStep = seconds / step;
    return String.format(
        Locale.ROOT,
        "%d/%d - %s %.0fms/step - ETA: %s - loss: %.4f - accuracy: %.4f",
        step,
        steps,
        duration(seconds),
        perStep * 1000,
        duration(perStep * (steps - step)),
        running.loss(),
        running.accuracy());
  }

  /** The epoch's last line, after {@code done} of its steps (fewer when a listener stopped it). */
  static String summary(int done, int steps, EpochRecord e) {
    return String.format(
        Locale.ROOT,
        "%d/%d - %s %.0fms/step - loss: %.4f - accuracy: %.4f - keras_accuracy: %.4f"
            + " - val_loss: %.4f - val_accuracy: %.4f - val_keras_accuracy: %.4f",
        done,
        steps,
        duration(e.seconds()),
        e.seconds() * 1000 / done,
        e.loss(),
        e.accuracy(),
        e.kerasAccuracy(),
        e.valLoss(),
        e.valAccuracy(),
        e.valKerasAccuracy());
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s < 60
        ? s + "s"
        : s < 3600
            ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s"
            : (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
  }
}
