package dev.textrnn.train;

import dev.textrnn.data.Batches;
import dev.textrnn.data.Example;
import dev.textrnn.model.ModelConfig;
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
 * A run on labelled texts in memory, as Keras's {@code adapt} then {@code fit}: a TextVectorization
 * adapted on the training texts (a resumed run's from its checkpoint) → each text's ids → the model
 * → {@link Trainer#fit} with a validation after every epoch, and a checkpoint if a folder is given
 * → an evaluation on the test texts, if any. {@link TrainingRun} is its preset for the IMDB
 * archive; the Java API ({@code dev.textrnn.api}) runs it on the caller's texts.
 */
public final class Training {

  /**
   * A run's texts, each labelled with an index into the recipe's class names.
   *
   * @param train at least one text; the vocabulary is adapted on them
   * @param validation evaluated after every epoch (the recipe's validation steps of it); may be
   *     empty, and the validation figures are then NaN
   * @param test evaluated once, after training; may be empty, for no such evaluation; may be the
   *     validation list itself (the tutorial validates on its test set), which is then encoded once
   */
  public record Data(
      List<LabelledText> train, List<LabelledText> validation, List<LabelledText> test) {
    public Data {
      if (train.isEmpty()) {
        throw new IllegalArgumentException("no training texts: a model needs at least one");
      }
    }
  }

  private Training() {}

  /**
   * Trains the recipe's model on the data.
   *
   * @param checkpoint the folder written after every epoch; null for none
   * @param resumed the state of {@code checkpoint} that the run continues, from its vocabulary and
   *     weights; null for a new run
   * @param log where the run's vocabulary, model and test figures are reported
   * @param stop read before every step of training and evaluation and before building the model
   * @throws IllegalArgumentException if a label is not a class of the recipe's model
   * @throws StopRequest.StoppedException when {@code stop} was requested
   * @throws Trainer.DivergedException when the loss stops being finite or explodes
   */
  public static TrainingRun.Result fit(
      TrainingRun.Recipe recipe,
      Data data,
      TrainingGraph.RunSettings settings,
      Path checkpoint,
      Checkpoint.State resumed,
      PrintStream log,
      TrainingListener listener,
      StopRequest stop)
      throws IOException {
    int classes = recipe.model().classes();
    requireLabels("training", data.train(), classes);
    requireLabels("validation", data.validation(), classes);
    requireLabels("test", data.test(), classes);
    long start = System.nanoTime();
    TextVectorization vectorizer;
    if (resumed == null) {
      vectorizer =
          TextVectorization.adapt(
              data.train().stream().map(LabelledText::text).toList(),
              recipe.maxTokens(),
              Standardize.LOWER_AND_STRIP_PUNCTUATION);
    } else {
      vectorizer = Checkpoint.readVectorizer(checkpoint);
    }
    List<Example> train = encode(vectorizer, data.train());
    List<Example> validation = encode(vectorizer, data.validation());
    List<Example> test =
        data.test() == data.validation() ? validation : encode(vectorizer, data.test());
    log.printf(
        Locale.ROOT,
        "Vocabulary of %,d tokens from %,d training texts (%.1fs)%n",
        vectorizer.vocabularySize(),
        train.size(),
        (System.nanoTime() - start) / 1e9);

    stop.stopIfRequested();
    ModelConfig config = recipe.model().withVocabularySize(vectorizer.vocabularySize());
    try (TrainingGraph graph =
        new TrainingGraph(config, recipe.learningRate(), recipe.seed(), settings)) {
      List<EpochRecord> done = List.of();
      if (resumed != null) {
        Checkpoint.restore(checkpoint, graph);
        done = resumed.history();
      }
      List<Callback> callbacks =
          recipe.callbacks().stream().map(CallbackSettings::callback).toList();
      List<TrainingListener> listeners = new ArrayList<>();
      listeners.add(listener);
      listeners.addAll(callbacks);
      log.printf(
          Locale.ROOT,
          "Model: %s, %,d parameters%n",
          graph.model().describe(),
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
              TrainingListener.all(listeners),
              stop);
      if (resumed != null) {
        trainer.model().resumeKept(Checkpoint.readKept(checkpoint, config));
      }
      List<EpochRecord> epochs =
          trainer.fit(
              train,
              validation,
              done,
              history -> {
                if (checkpoint != null) {
                  Checkpoint.save(
                      checkpoint,
                      graph,
                      vectorizer,
                      new Checkpoint.State(recipe, config, history.size(), history),
                      trainer.model().allKept());
                }
              });
      for (Callback callback : callbacks) {
        callback.report().ifPresent(log::println);
      }
      Metrics testMetrics = null;
      if (!test.isEmpty()) {
        testMetrics = trainer.evaluate(Batches.inOrder(test, recipe.batchSize()));
        log.printf(
            Locale.ROOT,
            "Test loss: %.4f - accuracy: %.4f - keras_accuracy: %.4f (%,d texts)%n",
            testMetrics.loss(),
            testMetrics.accuracy(),
            testMetrics.kerasAccuracy(),
            testMetrics.samples());
      }

      Map<String, Object> about = new LinkedHashMap<>();
      about.put("model", graph.model().describe());
      about.put("class_names", config.classNames());
      about.put("parameters", graph.model().parameterCount());
      about.put("epochs", recipe.epochs());
      about.put("batch_size", recipe.batchSize());
      about.put("learning_rate", recipe.learningRate());
      about.put("seed", recipe.seed());
      about.put("validation_steps", recipe.validationSteps());
      about.put("max_tokens", recipe.maxTokens());
      about.put("bucket_by_length", recipe.bucketByLength());
      about.put("rnn_impl", settings.rnn().name().toLowerCase(Locale.ROOT));
      about.put("callbacks", CallbackSettings.asJson(recipe.callbacks()));
      callbacks.forEach(callback -> about.putAll(callback.outcome()));
      if (testMetrics != null) {
        about.put("test_loss", testMetrics.loss());
        about.put("test_accuracy", testMetrics.accuracy());
        about.put("test_keras_accuracy", testMetrics.kerasAccuracy());
      }
      about.put(
          "accuracy_rule",
          config.classes() == 2
              ? "accuracy: logit >= 0; keras_accuracy: logit > 0.5 (Keras's 'accuracy' on logits)"
              : "accuracy and keras_accuracy: the class of the largest logit");
      return new TrainingRun.Result(
          vectorizer,
          config,
          graph.parameterValues().read(graph.session()),
          new History(epochs, about),
          testMetrics);
    }
  }

  private static void requireLabels(String set, List<LabelledText> texts, int classes) {
    for (int i = 0; i < texts.size(); i++) {
      int label = texts.get(i).label();
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException(
            set
                + " text "
                + i
                + " has the label "
                + label
                + ", not a class of the model (0 to "
                + (classes - 1)
                + ")");
      }
    }
  }

  /** Each text's ids, of its first {@value Words#MAX_WORDS} words as {@code predict} reads. */
  static List<Example> encode(TextVectorization vectorizer, List<LabelledText> texts) {
    List<Example> examples = new ArrayList<>(texts.size());
    for (LabelledText t : texts) {
      byte[] text = t.text();
      examples.add(new Example(vectorizer.encode(Words.limited(text).of(text)), t.label()));
    }
    return examples;
  }
}
