package dev.textrnn.train;

import dev.textrnn.data.DatasetLocator;
import dev.textrnn.data.ImdbDataset;
import dev.textrnn.data.Review;
import dev.textrnn.data.TextDataset;
import dev.textrnn.data.TextSource;
import dev.textrnn.model.InvalidSettingException;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.model.Setting;
import dev.textrnn.text.TextVectorization;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The tutorial end to end, a preset of {@link Training} for the IMDB archive: its splits in TFDS's
 * stored order, validation on the test set after every epoch, then an evaluation on all of it.
 */
public final class TrainingRun {

  /**
   * Everything that decides a run's result; every checkpoint stores it, so that a resumed run
   * follows the same recipe. {@link #builder()} makes one from the tutorial's.
   *
   * @param model the model's sizes and classes; its vocabulary size is {@code maxTokens} until the
   *     vectorizer is adapted
   * @param subset when positive, only this many reviews of each split, drawn at random with the
   *     seed (for quick runs and tests); 0 for all
   * @param learningRate Adam's at the start (a {@link ReduceLrOnPlateau} lowers it)
   * @param callbacks Keras's callbacks that act on the run (early stopping, the best model, the
   *     learning rate on a plateau), in the order they act
   */
  public record Recipe(
      ModelConfig model,
      int maxTokens,
      int epochs,
      int batchSize,
      long seed,
      int validationSteps,
      float learningRate,
      int subset,
      boolean bucketByLength,
      List<CallbackSettings> callbacks) {

    /** The padding token, the out-of-vocabulary token and at least one word. */
    static final int MIN_MAX_TOKENS = 3;

    /**
     * The rules of every field, for a recipe from flags and from a checkpoint alike.
     *
     * @throws InvalidSettingException naming the first field out of range
     */
    public Recipe {
      Setting.requirePositive("epochs", epochs);
      Setting.requireBetween("batchSize", batchSize, 1, ImdbDataset.REVIEWS_PER_SPLIT);
      Setting.requireAtLeast("maxTokens", maxTokens, MIN_MAX_TOKENS);
      Setting.requirePositive("learningRate", learningRate);
      Setting.requireAtLeast("validationSteps", validationSteps, 0);
      Setting.requireBetween("subset", subset, 0, ImdbDataset.REVIEWS_PER_SPLIT);
      callbacks = List.copyOf(callbacks);
    }

    /**
     * The tutorial's: its model, 1,000 tokens, 10 epochs of 64, Adam 1e-4, 30 validation batches
     * (every setting of {@link RecipeBuilder} as it starts).
     */
    public static Recipe tutorial() {
      return builder().build();
    }

    /** A recipe of IMDB's classes, from the tutorial's settings. */
    public static Builder builder() {
      return new Builder();
    }

    /** This recipe with other classes, and so perhaps another head. */
    public Recipe withClassNames(List<String> classNames) {
      return new Recipe(
          model.withClassNames(classNames),
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

    /** This recipe validating on that many batches (0 for all). */
    public Recipe withValidationSteps(int steps) {
      return new Recipe(
          model,
          maxTokens,
          epochs,
          batchSize,
          seed,
          steps,
          learningRate,
          subset,
          bucketByLength,
          callbacks);
    }

    /** The settings of a recipe of IMDB's classes. */
    public static final class Builder extends RecipeBuilder<Builder> {
      private int subset;

      private Builder() {}

      /** As {@link Recipe#subset()}; 0 (all) unless set. */
      public Builder subset(int subset) {
        this.subset = subset;
        return this;
      }

      /**
       * @throws InvalidSettingException naming the first setting out of range
       */
      public Recipe build() {
        return recipe(null, subset);
      }
    }
  }

  /**
   * Where a run reads and writes, and how TensorFlow runs it; none of it changes what is computed,
   * so a resumed run may use other settings (the fused kernels round differently from the loops, so
   * switching between them is not bit for bit).
   *
   * @param data the archive, or null to locate it (see {@link DatasetLocator})
   * @param checkpoint the folder written after every epoch
   * @param settings TensorFlow's thread pools and the recurrent layers' implementation
   */
  public record Setup(Path data, Path checkpoint, TrainingGraph.RunSettings settings) {}

  /**
   * What a run produced: the vectorizer, the model's config and trained weights, its history, and
   * its figures on the test set (null when it had none).
   */
  public record Result(
      TextVectorization vectorizer,
      ModelConfig model,
      Map<String, double[]> weights,
      History history,
      Metrics test) {}

  private static final long STORED_ORDER_SEED = 20110619L;

  private TrainingRun() {}

  /**
   * A new run.
   *
   * @param stop read before every step of training and evaluation and before building the model
   * @throws StopRequest.StoppedException when {@code stop} was requested
   */
  public static Result run(
      Recipe recipe, Setup setup, PrintStream log, TrainingListener listener, StopRequest stop)
      throws IOException {
    return train(recipe, setup, null, log, listener, stop);
  }

  /**
   * Continues the run whose last completed epoch is in {@code setup.checkpoint()}.
   *
   * @param stop as for {@link #run}
   */
  public static Result resume(
      Setup setup, PrintStream log, TrainingListener listener, StopRequest stop)
      throws IOException {
    Checkpoint.State state = Checkpoint.readState(setup.checkpoint());
    log.printf(
        Locale.ROOT,
        "Resuming from %s after epoch %d of %d%n",
        setup.checkpoint(),
        state.epoch(),
        state.recipe().epochs());
    return train(state.recipe(), setup, state, log, listener, stop);
  }

  private static Result train(
      Recipe recipe,
      Setup setup,
      Checkpoint.State resumed,
      PrintStream log,
      TrainingListener listener,
      StopRequest stop)
      throws IOException {
    Path archive = DatasetLocator.resolve(setup.data(), log::println);
    long start = System.nanoTime();
    ImdbDataset dataset = ImdbDataset.read(archive, false);
    List<LabelledText> train =
        labelled(subset(storedOrder(dataset.train()), recipe.subset(), recipe.seed()));
    List<LabelledText> test =
        labelled(subset(storedOrder(dataset.test()), recipe.subset(), recipe.seed()));
    log.printf(
        Locale.ROOT,
        "Read %s: %,d training and %,d test reviews (%.1fs)%n",
        archive,
        train.size(),
        test.size(),
        (System.nanoTime() - start) / 1e9);
    // The tutorial validates on its test set.
    return Training.fit(
        recipe,
        new Training.Data(train, test, test),
        setup.settings(),
        setup.checkpoint(),
        resumed,
        log,
        listener,
        stop);
  }

  /**
   * A run's texts from another dataset ({@code dev.textrnn.data.Datasets}), read into memory with
   * each label as its class's index, in the fixed permutation that the IMDB splits take (a file or
   * archive may hold its texts grouped by class; see {@link #storedOrder}), a {@code subset} of
   * each drawn as for IMDB. Validation is on the validation set (the dataset's split or {@code
   * validationData}), else on the test set, as the tutorial's; the test set is the dataset's or
   * {@code testData}, and may be absent.
   */
  public static Training.Data data(
      TextDataset dataset,
      Optional<TextSource> validationData,
      Optional<TextSource> testData,
      int subset,
      long seed) {
    List<LabelledText> train = subset(storedOrder(read(dataset, dataset.train())), subset, seed);
    List<LabelledText> test =
        testData
            .or(dataset::test)
            .map(source -> subset(storedOrder(read(dataset, source)), subset, seed))
            .orElse(List.of());
    List<LabelledText> validation =
        validationData
            .or(dataset::validation)
            .map(source -> subset(storedOrder(read(dataset, source)), subset, seed))
            .orElse(test);
    return new Training.Data(train, validation, test);
  }

  private static List<LabelledText> read(TextDataset dataset, TextSource source) {
    try (Stream<dev.textrnn.data.LabelledText> texts = source.stream()) {
      return texts.map(t -> new LabelledText(t.text(), dataset.classIndex(t.label()))).toList();
    }
  }

  /**
   * The archive lists each split by class, negatives first. The tutorial reads TFDS's copy, whose
   * records are stored in a fixed random order: without that order a 10,000-review shuffle buffer
   * yields batches of one class for most of an epoch, and the 30 validation batches hold only
   * negative reviews. The same fixed permutation (not the run's seed) stands in for TFDS's.
   */
  static <T> List<T> storedOrder(List<T> reviews) {
    List<T> permuted = new ArrayList<>(reviews);
    java.util.Collections.shuffle(permuted, new java.util.Random(STORED_ORDER_SEED));
    return permuted;
  }

  static <T> List<T> subset(List<T> reviews, int size, long seed) {
    if (size <= 0 || size >= reviews.size()) {
      return reviews;
    }
    List<T> shuffled = new ArrayList<>(reviews);
    java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
    return shuffled.subList(0, size);
  }

  /** Each review as a labelled text: IMDB's labels are the indices of its class names. */
  static List<LabelledText> labelled(List<Review> reviews) {
    return reviews.stream().map(r -> new LabelledText(r.text(), r.label())).toList();
  }
}
