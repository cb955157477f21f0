package dev.textrnn.train;

import dev.textrnn.data.Batches;
import dev.textrnn.model.Architecture;
import dev.textrnn.model.CellType;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.model.Setting;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The settings of a {@link TrainingRun.Recipe}, each with the tutorial's value until set: the one
 * owner of the tutorial's recipe, which {@link TrainingRun.Recipe#tutorial()}, the command line's
 * flags and the Java API all take from here. The model's sizes are the architecture's ({@link
 * ModelConfig#of}) unless set. Names are Keras's where it has them.
 *
 * @param <B> the builder's own type, which every setter returns
 */
public abstract class RecipeBuilder<B extends RecipeBuilder<B>> {
  private Architecture architecture = Architecture.DEFAULT;
  private CellType cell = ModelConfig.tutorial().cell();
  private int maxTokens = ModelConfig.tutorial().vocabularySize();
  private Integer embeddingDim;
  private List<Integer> units;
  private Integer denseUnits;
  private Double dropout;
  private int epochs = 10;
  private int batchSize = Batches.BATCH_SIZE;
  private long seed = 42;
  private int validationSteps = 30;
  private float learningRate = 1e-4f;
  private boolean bucketByLength;
  private List<CallbackSettings> callbacks = List.of();

  protected RecipeBuilder() {}

  /** The tutorial's first model (the default) or its stacked one: the sizes not set here. */
  public B architecture(Architecture architecture) {
    this.architecture = Objects.requireNonNull(architecture, "architecture");
    return self();
  }

  /** The recurrent cell of every bidirectional layer (default LSTM). */
  public B cell(CellType cell) {
    this.cell = Objects.requireNonNull(cell, "cell");
    return self();
  }

  /** The vocabulary's size at most, padding and [UNK] included: TextVectorization's max_tokens. */
  public B maxTokens(int maxTokens) {
    this.maxTokens = maxTokens;
    return self();
  }

  /** Each token's embedding width: Embedding's output_dim. */
  public B embeddingDim(int embeddingDim) {
    this.embeddingDim = embeddingDim;
    return self();
  }

  /**
   * The units of each direction of each Bidirectional layer, bottom first ({@code 64, 32}: the
   * stacked model's); every layer but the last returns all its steps.
   */
  public B units(List<Integer> units) {
    this.units = List.copyOf(units);
    return self();
  }

  /** {@link #units(List)}. */
  public B units(int... units) {
    return units(IntStream.of(units).boxed().toList());
  }

  /** The units of the hidden Dense(relu) layer. */
  public B denseUnits(int denseUnits) {
    this.denseUnits = denseUnits;
    return self();
  }

  /** The rate of the Dropout after the hidden Dense layer, in training; 0 for none. */
  public B dropout(double dropout) {
    this.dropout = dropout;
    return self();
  }

  public B epochs(int epochs) {
    this.epochs = epochs;
    return self();
  }

  public B batchSize(int batchSize) {
    this.batchSize = batchSize;
    return self();
  }

  /** Decides the initial weights, the shuffling and the dropout masks. */
  public B seed(long seed) {
    this.seed = seed;
    return self();
  }

  /** Batches of the validation set evaluated after each epoch; 0 for all of them. */
  public B validationSteps(int validationSteps) {
    this.validationSteps = validationSteps;
    return self();
  }

  /** Adam's. */
  public B learningRate(float learningRate) {
    this.learningRate = learningRate;
    return self();
  }

  /** Batches of texts of similar lengths, shuffled between batches: less padding, faster epochs. */
  public B bucketByLength(boolean bucketByLength) {
    this.bucketByLength = bucketByLength;
    return self();
  }

  /**
   * Keras's callbacks that act on the run, in the order they act (none unless set): {@link
   * EarlyStopping.Settings}, {@link BestModel.Settings}, {@link ReduceLrOnPlateau.Settings}.
   */
  public B callbacks(List<CallbackSettings> callbacks) {
    this.callbacks = List.copyOf(callbacks);
    return self();
  }

  /**
   * The recipe of these settings.
   *
   * @param classNames the model's classes; null for IMDB's
   * @param subset as {@link TrainingRun.Recipe#subset()}
   * @throws dev.textrnn.model.InvalidSettingException naming the first setting out of range
   */
  protected TrainingRun.Recipe recipe(List<String> classNames, int subset) {
    // Checked first: the model's vocabulary is sized by it.
    Setting.requireAtLeast("maxTokens", maxTokens, TrainingRun.Recipe.MIN_MAX_TOKENS);
    ModelConfig preset = ModelConfig.of(architecture, cell, maxTokens);
    ModelConfig model =
        new ModelConfig(
            maxTokens,
            embeddingDim != null ? embeddingDim : preset.embeddingDim(),
            cell,
            units != null ? units : preset.recurrentUnits(),
            denseUnits != null ? denseUnits : preset.denseUnits(),
            dropout != null ? dropout : preset.dropoutRate(),
            classNames);
    return new TrainingRun.Recipe(
        model,
        maxTokens,
        epochs,
        batchSize,
        seed,
        validationSteps,
        learningRate,
        subset,
        bucketByLength,
        callbacks);
  }

  @SuppressWarnings("unchecked") // B is the subclass, as its declaration says
  private B self() {
    return (B) this;
  }
}
