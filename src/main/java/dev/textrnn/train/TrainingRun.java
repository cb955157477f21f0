package dev.textrnn.train;

import dev.textrnn.data.Batches;
import dev.textrnn.data.DatasetLocator;
import dev.textrnn.data.Example;
import dev.textrnn.data.ImdbDataset;
import dev.textrnn.data.Review;
import dev.textrnn.model.Architecture;
import dev.textrnn.model.CellType;
import dev.textrnn.model.InvalidSettingException;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.model.Setting;
import dev.textrnn.text.Standardize;
import dev.textrnn.text.TextVectorization;
import dev.textrnn.text.Words;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tutorial end to end: the IMDB archive → a TextVectorization adapted on the training texts →
 * batches → the model → {@code fit} with validation each epoch → evaluation on the whole test set.
 */
public final class TrainingRun {

  /**
   * Everything that decides a run's result; every checkpoint stores it, so that a resumed run
   * follows the same recipe.
   *
   * @param subset when positive, only this many reviews of each split, drawn at random with the
   *     seed (for quick runs and tests); 0 for all
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
      boolean bucketByLength) {

    /**
     * The rules of every field, for a recipe from flags and from a checkpoint alike.
     *
     * @throws InvalidSettingException naming the first field out of range
     */
    public Recipe {
      Setting.requirePositive("epochs", epochs);
      Setting.requireBetween("batchSize", batchSize, 1, ImdbDataset.REVIEWS_PER_SPLIT);
      requireMaxTokens(maxTokens);
      Setting.requirePositive("learningRate", learningRate);
      Setting.requireAtLeast("validationSteps", validationSteps, 0);
      Setting.requireBetween("subset", subset, 0, ImdbDataset.REVIEWS_PER_SPLIT);
    }

    /**
     * A new run's recipe: the architecture's sizes ({@link ModelConfig#of}) with a vocabulary of
     * {@code maxTokens}, which is checked before the model is sized by it.
     *
     * @throws InvalidSettingException naming the first field out of range
     */
    public static Recipe of(
        Architecture architecture,
        CellType cell,
        int maxTokens,
        int epochs,
        int batchSize,
        long seed,
        int validationSteps,
        float learningRate,
        int subset,
        boolean bucketByLength) {
      requireMaxTokens(maxTokens);
      return new Recipe(
          ModelConfig.of(architecture, cell, maxTokens),
          maxTokens,
          epochs,
          batchSize,
          seed,
          validationSteps,
          learningRate,
          subset,
          bucketByLength);
    }

    /**
     * The tutorial's: its model, 1,000 tokens, 10 epochs of 64, Adam 1e-4, 30 validation batches.
     */
    public static Recipe tutorial() {
      return new Recipe(
          ModelConfig.tutorial(), 1000, 10, Batches.BATCH_SIZE, 42, 30, 1e-4f, 0, false);
    }

    /** The padding token, the out-of-vocabulary token and at least one word. */
    private static void requireMaxTokens(int maxTokens) {
      Setting.requireAtLeast("maxTokens", maxTokens, 3);
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

  /** What a run produced: the vectorizer, the model's config and trained weights, its history. */
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
    List<Review> trainReviews =
        subset(storedOrder(dataset.train()), recipe.subset(), recipe.seed());
    List<Review> testReviews = subset(storedOrder(dataset.test()), recipe.subset(), recipe.seed());
    TextVectorization vectorizer;
    if (resumed == null) {
      List<byte[]> texts = new ArrayList<>(trainReviews.size());
      trainReviews.forEach(r -> texts.add(r.text()));
      vectorizer =
          TextVectorization.adapt(
              texts, recipe.maxTokens(), Standardize.LOWER_AND_STRIP_PUNCTUATION);
    } else {
      vectorizer = Checkpoint.readVectorizer(setup.checkpoint());
    }
    List<Example> train = encode(vectorizer, trainReviews);
    List<Example> test = encode(vectorizer, testReviews);
    log.printf(
        Locale.ROOT,
        "Read %s: %,d training and %,d test reviews, vocabulary of %,d tokens (%.1fs)%n",
        archive,
        train.size(),
        test.size(),
        vectorizer.vocabularySize(),
        (System.nanoTime() - start) / 1e9);

    stop.stopIfRequested();
    ModelConfig config = recipe.model().withVocabularySize(vectorizer.vocabularySize());
    try (TrainingGraph graph =
        new TrainingGraph(config, recipe.learningRate(), recipe.seed(), setup.settings())) {
      List<EpochRecord> done = List.of();
      if (resumed != null) {
        Checkpoint.restore(setup.checkpoint(), graph);
        done = resumed.history();
      }
      log.printf(
          Locale.ROOT,
          "Model: %s, %,d parameters%n",
          describe(config),
          graph.model().parameterCount());
      Trainer trainer =
          new Trainer(
              graph,
              new Trainer.Options(
                  recipe.epochs(),
                  recipe.batchSize(),
                  recipe.seed(),
                  recipe.validationSteps(),
                  (float) config.dropoutRate(),
                  recipe.bucketByLength()),
              listener,
              stop);
      List<EpochRecord> epochs =
          trainer.fit(
              train,
              test,
              done,
              history ->
                  Checkpoint.save(
                      setup.checkpoint(),
                      graph,
                      vectorizer,
                      new Checkpoint.State(recipe, config, history.size(), history)));
      Metrics testMetrics = trainer.evaluate(Batches.inOrder(test, recipe.batchSize()));
      log.printf(
          Locale.ROOT,
          "Test loss: %.4f - accuracy: %.4f - keras_accuracy: %.4f (%,d reviews)%n",
          testMetrics.loss(),
          testMetrics.accuracy(),
          testMetrics.kerasAccuracy(),
          testMetrics.samples());

      Map<String, Object> about = new LinkedHashMap<>();
      about.put("model", describe(config));
      about.put("parameters", graph.model().parameterCount());
      about.put("epochs", recipe.epochs());
      about.put("batch_size", recipe.batchSize());
      about.put("learning_rate", recipe.learningRate());
      about.put("seed", recipe.seed());
      about.put("validation_steps", recipe.validationSteps());
      about.put("max_tokens", recipe.maxTokens());
      about.put("bucket_by_length", recipe.bucketByLength());
      about.put("rnn_impl", setup.settings().rnn().name().toLowerCase(Locale.ROOT));
      about.put("test_loss", testMetrics.loss());
      about.put("test_accuracy", testMetrics.accuracy());
      about.put("test_keras_accuracy", testMetrics.kerasAccuracy());
      about.put(
          "accuracy_rule",
          "accuracy: logit >= 0; keras_accuracy: logit > 0.5 (Keras's 'accuracy' on logits)");
      return new Result(
          vectorizer,
          config,
          graph.parameterValues().read(graph.session()),
          new History(epochs, about),
          testMetrics);
    }
  }

  /**
   * The archive lists each split by class, negatives first. The tutorial reads TFDS's copy, whose
   * records are stored in a fixed random order: without that order a 10,000-review shuffle buffer
   * yields batches of one class for most of an epoch, and the 30 validation batches hold only
   * negative reviews. The same fixed permutation (not the run's seed) stands in for TFDS's.
   */
  static List<Review> storedOrder(List<Review> reviews) {
    List<Review> permuted = new ArrayList<>(reviews);
    java.util.Collections.shuffle(permuted, new java.util.Random(STORED_ORDER_SEED));
    return permuted;
  }

  static List<Review> subset(List<Review> reviews, int size, long seed) {
    if (size <= 0 || size >= reviews.size()) {
      return reviews;
    }
    List<Review> shuffled = new ArrayList<>(reviews);
    java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
    return shuffled.subList(0, size);
  }

  /** Each review's ids, of its first {@value Words#MAX_WORDS} words as {@code predict} reads. */
  static List<Example> encode(TextVectorization vectorizer, List<Review> reviews) {
    List<Example> examples = new ArrayList<>(reviews.size());
    for (Review r : reviews) {
      byte[] text = r.text();
      examples.add(new Example(vectorizer.encode(Words.limited(text).of(text)), r.label()));
    }
    return examples;
  }

  static String describe(ModelConfig c) {
    return String.format(
        Locale.ROOT,
        "Embedding(%d, %d) -> %s%s -> Dense(%d, relu)%s -> Dense(1)",
        c.vocabularySize(),
        c.embeddingDim(),
        c.recurrentUnits().stream()
            .map(u -> "Bidirectional(" + c.cell() + " " + u + ")")
            .reduce((a, b) -> a + " -> " + b)
            .orElseThrow(),
        "",
        c.denseUnits(),
        c.dropoutRate() > 0 ? " -> Dropout(" + c.dropoutRate() + ")" : "");
  }
}
