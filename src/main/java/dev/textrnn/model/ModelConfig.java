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
 * @param classNames the classes the head tells apart, at least 2, in the order of the head's
 *     outputs (class i is label i); their count picks the head ({@link Head#forClasses})
 */
public record ModelConfig(
    int vocabularySize,
    int embeddingDim,
    CellType cell,
    List<Integer> recurrentUnits,
    int denseUnits,
    double dropoutRate,
    List<String> classNames) {

  /**
   * The IMDB archive's classes, its folders {@code neg} and {@code pos}, as the tutorial reads
   * them.
   */
  public static final List<String> IMDB_CLASSES = List.of("negative", "positive");

  /**
   * The widest embedding, recurrent or dense layer: far past a text classifier's (Keras's text
   * examples use 16 to 512), and narrow enough that the gates' 4 × units stay an int, which
   * TensorFlow's shapes otherwise overflow.
   */
  public static final int MAX_WIDTH = 4096;

  public ModelConfig {
    Setting.requireAtLeast("vocabularySize", vocabularySize, 2);
    Setting.requireBetween("embeddingDim", embeddingDim, 1, MAX_WIDTH);
    recurrentUnits = List.copyOf(recurrentUnits);
    if (recurrentUnits.isEmpty()) {
      throw new InvalidSettingException("recurrentUnits", "must list at least one layer, got []");
    }
    for (int layer = 0; layer < recurrentUnits.size(); layer++) {
      Setting.requireBetween(
          "recurrentUnits[" + layer + "]", recurrentUnits.get(layer), 1, MAX_WIDTH);
    }
    Setting.requireBetween("denseUnits", denseUnits, 1, MAX_WIDTH);
    if (!(dropoutRate >= 0 && dropoutRate < 1)) {
      throw new InvalidSettingException(
          "dropoutRate", "must be at least 0 and less than 1, got " + Setting.format(dropoutRate));
    }
    // Files written before models had class names (checkpoints, textrnn.json) hold IMDB models.
    classNames = classNames == null ? IMDB_CLASSES : List.copyOf(classNames);
    Setting.requireClassNames("classNames", classNames);
  }

  /** A model of the IMDB archive's two classes, as the tutorial's. */
  public ModelConfig(
      int vocabularySize,
      int embeddingDim,
      CellType cell,
      List<Integer> recurrentUnits,
      int denseUnits,
      double dropoutRate) {
    this(vocabularySize, embeddingDim, cell, recurrentUnits, denseUnits, dropoutRate, IMDB_CLASSES);
  }

  /** How many classes the head tells apart. */
  public int classes() {
    return classNames.size();
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
        size, embeddingDim, cell, recurrentUnits, denseUnits, dropoutRate, classNames);
  }

  /** This config with other classes, and so perhaps another head. */
  public ModelConfig withClassNames(List<String> names) {
    return new ModelConfig(
        vocabularySize, embeddingDim, cell, recurrentUnits, denseUnits, dropoutRate, names);
  }

  /** This config with {@code count} classes named {@code 0}, {@code 1}, … (for tests and tools). */
  public ModelConfig withClasses(int count) {
    return withClassNames(
        java.util.stream.IntStream.range(0, count).mapToObj(Integer::toString).toList());
  }
}
