package dev.textrnn.model;

/** The two models of the tutorial. */
public enum Architecture {
  /** Embedding → Bidirectional(RNN) → Dense(relu) → Dense(1). */
  DEFAULT,
  /**
   * Embedding → Bidirectional(RNN, all steps) → Bidirectional(RNN) → Dense(relu) → Dropout →
   * Dense(1).
   */
  STACKED
}
