package dev.textrnn.serving;

import java.util.Map;

/**
 * The model's answer for one text.
 *
 * @param text the text as given; null for ids given ({@link SentimentModel#predictIds})
 * @param label the predicted class's name (for IMDB {@code "negative"} or {@code "positive"})
 * @param probability the predicted class's probability
 * @param scores every class's probability, by class name, in the model's class order
 * @param logits the model's raw outputs: one for two classes (class 1 when it is at least 0), else
 *     one per class
 */
public record Prediction(
    String text, String label, float probability, Map<String, Float> scores, float[] logits) {

  public Prediction {
    scores = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(scores));
    logits = logits.clone();
  }

  /** A two-class model's one logit. */
  public float logit() {
    if (logits.length != 1) {
      throw new IllegalStateException(
          "a model of " + logits.length + " classes has one logit per class; read logits()");
    }
    return logits[0];
  }

  @Override
  public float[] logits() {
    return logits.clone();
  }
}
