package dev.textrnn.model;

import java.util.List;

/**
 * The sizes of a text classifier. {@link #tutorial()} and {@link #stacked()} are the tutorial's two
 * models; the record can describe other sizes.
 *
 * @param vocabularySize rows of the embedding, equal to the vectorizer's vocabulary size
 * @param embeddingDim width of each token's embedding
 * @param cell the recurrent cell of every bidirectional layer
 * @param recurrentUnits units per direction of each bidirectional layer, bottom first; every layer
 *     but the last returns all its steps
 * @param denseUnits units of the hidden Dense(relu) layer
 * @param dropoutRate rate of the Dropout after the hidden dense layer during training (0 = none)
 * @param classes how many classes the head tells apart, at least 2 (see {@link Head#forClasses})
 */
public record ModelConfig(
    int vocabularySize,
    int embeddingDim,
    CellType cell,
    List<Integer> recurrentUnits,
    int denseUnits,
    double dropoutRate,
    int classes) {

  public ModelConfig {
    recurrentUnits = List.copyOf(recurrentUnits);
    if (vocabularySize < 2
        || embeddingDim < 1
        || denseUnits < 1
        || recurrentUnits.isEmpty()
        || recurrentUnits.stream().anyMatch(u -> u < 1)
        || dropoutRate < 0
        || dropoutRate >= 1
        || classes < 2) {
      throw new IllegalArgumentException("invalid model sizes: " + this);
    }
  }

  /** A two-class model, as the tutorial's. */
  public ModelConfig(
      int vocabularySize,
      int embeddingDim,
      CellType cell,
      List<Integer> recurrentUnits,
      int denseUnits,
      double dropoutRate) {
    this(vocabularySize, embeddingDim, cell, recurrentUnits, denseUnits, dropoutRate, 2);
  }

  /** The tutorial's first model: Embedding(1000, 64) → BiLSTM 64 → Dense 64 → Dense 1. */
  public static ModelConfig tutorial() {
    return of(Architecture.DEFAULT, CellType.LSTM, 1000);
  }

  /**
   * The tutorial's stacked model: BiLSTM 64 (all steps) → BiLSTM 32 → Dense 64 → Dropout 0.5 →
   * Dense 1.
   */
  public static ModelConfig stacked() {
    return of(Architecture.STACKED, CellType.LSTM, 1000);
  }

  /** The tutorial's sizes for an architecture, with the given cell and vocabulary. */
  public static ModelConfig of(Architecture architecture, CellType cell, int vocabularySize) {
    return switch (architecture) {
      case DEFAULT -> new ModelConfig(vocabularySize, 64, cell, List.of(64), 64, 0.0);
      case STACKED -> new ModelConfig(vocabularySize, 64, cell, List.of(64, 32), 64, 0.5);
    };
  }

  /** This config with another vocabulary size (the vectorizer may have fewer tokens than asked). */
  public ModelConfig withVocabularySize(int size) {
    return new ModelConfig(
        size, embeddingDim, cell, recurrentUnits, denseUnits, dropoutRate, classes);
  }

  /** This config with another number of classes, and so another head. */
  public ModelConfig withClasses(int count) {
    return new ModelConfig(
        vocabularySize, embeddingDim, cell, recurrentUnits, denseUnits, dropoutRate, count);
  }
}
