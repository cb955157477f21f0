package dev.textrnn.train;

/**
 * One epoch of a training history, named as Keras's History names them; {@code learningRate} is
 * Adam's rate during the epoch (Keras's {@code learning_rate}, which ReduceLROnPlateau adds).
 */
public record EpochRecord(
    int epoch,
    double loss,
    double accuracy,
    double kerasAccuracy,
    double valLoss,
    double valAccuracy,
    double valKerasAccuracy,
    double learningRate,
    double seconds) {

  static EpochRecord of(
      int epoch, Metrics train, Metrics validation, float learningRate, double seconds) {
    return new EpochRecord(
        epoch,
        train.loss(),
        train.accuracy(),
        train.kerasAccuracy(),
        validation.loss(),
        validation.accuracy(),
        validation.kerasAccuracy(),
        learningRate,
        seconds);
  }
}
