package dev.textrnn.train;

import dev.textrnn.data.DatasetLocator;
import dev.textrnn.data.ImdbDataset;
import dev.textrnn.data.TextDataset;
import dev.textrnn.data.TextSource;
import dev.textrnn.model.InvalidSettingException;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.model.Setting;
import dev.textrnn.text.TextVectorization;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
    // Read into memory once (about 65 MB for both splits): a source reading the archive would
    // decompress it again for every pass.
    TextSource train = ImdbDataset.texts(archive + " train", dataset.train());
    TextSource test = ImdbDataset.texts(archive + " test", dataset.test());
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
   * A run's texts from another dataset ({@code dev.textrnn.data.Datasets}): validation is on the
   * validation set (the dataset's split or {@code validationData}), else on the test set, as the
   * tutorial's; the test set is the dataset's or {@code testData}, and may be absent.
   */
  public static Training.Data data(
      TextDataset dataset, Optional<TextSource> validationData, Optional<TextSource> testData) {
    TextSource test = testData.or(dataset::test).orElse(null);
    TextSource validation = validationData.or(dataset::validation).orElse(test);
    return new Training.Data(dataset.train(), validation, test);
  }
}
