package dev.textrnn.train;

/** One epoch of a training history, named as Keras's History names them. */
public record EpochRecord(
    int epoch,
    double loss,
    double accuracy,
    double kerasAccuracy,
    double valLoss,
    double valAccuracy,
    double valKerasAccuracy,
    double seconds) {

  static EpochRecord of(int epoch, Metrics train, Metrics validation, double seconds) {
    return new EpochRecord(
        epoch,
        train.loss(),
        train.accuracy(),
        train.kerasAccuracy(),
        validation.loss(),
        validation.accuracy(),
        validation.kerasAccuracy(),
        seconds);
  }
}
