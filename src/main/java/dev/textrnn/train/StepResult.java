package dev.textrnn.train;

import dev.textrnn.data.Batch;
import org.tensorflow.types.TFloat32;

/**
 * One batch's mean loss and its counts of correct answers: by the tutorial's rule (positive when
 * logit ≥ 0) and by Keras's 'accuracy' metric, which thresholds the raw logit at 0.5.
 */
public record StepResult(int size, double loss, int correct, int kerasCorrect, float[] logits) {

  static StepResult of(Batch batch, TFloat32 loss, TFloat32 logits) {
    float[] values = new float[batch.size()];
    logits.asRawTensor().data().asFloats().read(values);
    int correct = 0;
    int kerasCorrect = 0;
    for (int i = 0; i < values.length; i++) {
      boolean positive = batch.labels()[i] > 0.5f;
      if ((values[i] >= 0) == positive) {
        correct++;
      }
      if ((values[i] > 0.5f) == positive) {
        kerasCorrect++;
      }
    }
    return new StepResult(batch.size(), loss.getFloat(), correct, kerasCorrect, values);
  }
}
