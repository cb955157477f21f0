package dev.textrnn.train;

import dev.textrnn.data.Batches;
import dev.textrnn.data.Example;
import dev.textrnn.data.LabelledText;
import dev.textrnn.data.TextSource;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.text.Standardize;
import dev.textrnn.text.TextVectorization;
import dev.textrnn.text.Words;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A run on labelled texts in memory, as Keras's {@code adapt} then {@code fit}: a TextVectorization
 * adapted on the training texts (a resumed run's from its checkpoint) → each text's ids → the model
 * → {@link Trainer#fit} with a validation after every epoch, and a checkpoint if a folder is given
 * → an evaluation on the test texts, if any. {@link TrainingRun} is its preset for the IMDB
 * archive; the Java API ({@code dev.textrnn.api}) runs it on the caller's texts.
 */
public final class Training {

  /**
   * A run's texts, streamed from their sources: each is read once to adapt the vectorizer (the
   * training texts) and once to encode it, and only the token ids are kept. Every label must be one
   * of the recipe's class names. Each set is trained in the {@link TextOrder} of its source, its
   * texts drawn as the recipe's {@code subset} says.
   *
   * @param train at least one text; the vocabulary is adapted on them
   * @param validation evaluated after every epoch (the recipe's validation steps of it); null for
   *     none, and the validation figures are then NaN
   * @param test evaluated once, after training; null for none; may be the validation source itself
   *     (the tutorial validates on its test set), which is then encoded once
   */
  public record Data(TextSource train, TextSource validation, TextSource test) {
    public Data {
      if (train.size() == 0) {
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
    TextVectorization vectorizer;
    if (resumed == null) {
      Pass adapt = new Pass();
      vectorizer =
          TextVectorization.builder()
              .maxTokens(recipe.maxTokens())
              .standardize(Standardize.LOWER_AND_STRIP_PUNCTUATION)
              .adapt(() -> adapt.texts(data.train(), recipe));
      log.printf(
          Locale.ROOT,
          "Vocabulary of %,d tokens from %,d training texts (%s)%n",
          vectorizer.vocabularySize(),
          adapt.texts,
          adapt.rate());
    } else {
      vectorizer = Checkpoint.readVectorizer(checkpoint);
    }
    Pass encoding = new Pass();
    List<Example> train = encoding.encode(vectorizer, data.train(), recipe);
    List<Example> validation = encoding.encode(vectorizer, data.validation(), recipe);
    List<Example> test =
        data.test() == data.validation()
            ? validation
            : encoding.encode(vectorizer, data.test(), recipe);
    log.printf(
        Locale.ROOT,
        "Encoded %,d training, %,d validation and %,d test texts (%s)%n",
        train.size(),
        validation.size(),
        test.size(),
        encoding.rate());

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

  /**
   * Reads of sources, each in its {@link TextOrder}, counting the texts and bytes taken to report
   * their rate.
   */
  private static final class Pass {
    /** Texts read before they are encoded, side by side on every core. */
    private static final int ENCODED_TOGETHER = 4_096;

    private final long start = System.nanoTime();
    private int texts;
    private long bytes;

    /** One pass over the texts of the run's subset of the source, in the source's order. */
    Iterator<byte[]> texts(TextSource source, TrainingRun.Recipe recipe) {
      TextOrder order = TextOrder.of(source.size(), recipe.subset(), recipe.seed());
      Stream<LabelledText> pass = source.stream();
      Iterator<LabelledText> read = pass.iterator();
      return new Iterator<>() {
        private int index;
        private byte[] next = advance();

        private byte[] advance() {
          while (read.hasNext()) {
            LabelledText text = read.next();
            if (order.place(index++) >= 0) {
              count(text.text());
              return text.text();
            }
          }
          pass.close();
          return null;
        }

        @Override
        public boolean hasNext() {
          return next != null;
        }

        @Override
        public byte[] next() {
          if (next == null) {
            throw new NoSuchElementException();
          }
          byte[] text = next;
          next = advance();
          return text;
        }
      };
    }

    /**
     * Each text's ids, of its first {@value Words#MAX_WORDS} words as {@code predict} reads, in the
     * run's order; empty for a null source.
     *
     * @throws IllegalArgumentException for a label that is not one of the recipe's class names,
     *     naming the text's origin
     */
    List<Example> encode(
        TextVectorization vectorizer, TextSource source, TrainingRun.Recipe recipe) {
      if (source == null) {
        return List.of();
      }
      List<String> classNames = recipe.model().classNames();
      TextOrder order = TextOrder.of(source.size(), recipe.subset(), recipe.seed());
      Example[] examples = new Example[order.size()];
      List<LabelledText> chunk = new ArrayList<>(ENCODED_TOGETHER);
      int[] places = new int[ENCODED_TOGETHER];
      try (Stream<LabelledText> pass = source.stream()) {
        Iterator<LabelledText> read = pass.iterator();
        for (int index = 0; read.hasNext(); index++) {
          LabelledText text = read.next();
          int place = order.place(index);
          if (place < 0) {
            continue;
          }
          if (!classNames.contains(text.label())) {
            throw new IllegalArgumentException(
                text.origin()
                    + ": the label "
                    + text.label()
                    + " is not one of the model's classes "
                    + classNames);
          }
          count(text.text());
          places[chunk.size()] = place;
          chunk.add(text);
          if (chunk.size() == ENCODED_TOGETHER) {
            encode(vectorizer, chunk, places, classNames, examples);
          }
        }
      }
      encode(vectorizer, chunk, places, classNames, examples);
      return Arrays.asList(examples);
    }

    /** Encodes the texts side by side into their places, and clears the list. */
    private static void encode(
        TextVectorization vectorizer,
        List<LabelledText> texts,
        int[] places,
        List<String> classNames,
        Example[] examples) {
      IntStream.range(0, texts.size())
          .parallel()
          .forEach(
              i -> {
                byte[] bytes = texts.get(i).text();
                examples[places[i]] =
                    new Example(
                        vectorizer.encode(Words.limited(bytes).of(bytes)),
                        classNames.indexOf(texts.get(i).label()));
              });
      texts.clear();
    }

    private void count(byte[] text) {
      texts++;
      bytes += text.length;
    }

    /** The bytes read so far, and how fast. */
    String rate() {
      double seconds = (System.nanoTime() - start) / 1e9;
      double megabytes = bytes / 1e6;
      return String.format(
          Locale.ROOT, "%.1f MB in %.1fs, %.0f MB/s", megabytes, seconds, megabytes / seconds);
    }
  }
}
