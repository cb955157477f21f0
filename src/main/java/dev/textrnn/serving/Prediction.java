package dev.textrnn.serving;

/**
 * The model's answer for one text.
 *
 * @param text the text as given
 * @param logit the model's raw output; positive sentiment when it is at least 0
 * @param probability sigmoid(logit), the probability of a positive review
 */
public record Prediction(String text, float logit, float probability) {

  /** The tutorial's rule: positive when the logit is at least 0 (probability at least 0.5). */
  public boolean positive() {
    return logit >= 0;
  }

  /** {@code "positive"} or {@code "negative"}. */
  public String label() {
    return positive() ? "positive" : "negative";
  }
}
