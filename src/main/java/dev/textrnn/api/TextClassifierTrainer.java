package dev.textrnn.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.textrnn.data.LabelledText;
import dev.textrnn.data.TextSource;
import dev.textrnn.train.RecipeBuilder;
import dev.textrnn.train.StopRequest;
import dev.textrnn.train.Trainer;
import dev.textrnn.train.Training;
import dev.textrnn.train.TrainingGraph;
import dev.textrnn.train.TrainingListener;
import dev.textrnn.train.TrainingRun;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trains a text classifier on texts and their labels in memory, as Keras's {@code model.fit(x, y,
 * validation_data=…)} after {@code TextVectorization.adapt}: the vocabulary is adapted on the
 * training texts, and every setting not given is the tutorial's ({@link RecipeBuilder}). The labels
 * are strings; the class names are the distinct labels in sorted order unless given. Two classes
 * get the tutorial's head (one logit, sigmoid cross-entropy), more a softmax.
 *
 * <pre>{@code
 * TextClassifierTrainer trainer =
 *     TextClassifierTrainer.builder().maxTokens(1000).epochs(5).listener(new PlainProgress(System.out)).build();
 * try (TrainedClassifier model = trainer.fit(texts, labels, validationTexts, validationLabels)) {
 *   Prediction p = model.predict("The movie was cool.");
 *   model.export(Path.of("savedmodel"));
 * }
 * }</pre>
 *
 * A trainer is immutable and may fit any number of times; each fit starts from the same seed.
 */
public final class TextClassifierTrainer {
  private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

  private final TrainingRun.Recipe recipe;
  private final List<String> classNames;
  private final TrainingListener listener;
  private final TrainingGraph.RunSettings runSettings;

  private TextClassifierTrainer(
      TrainingRun.Recipe recipe,
      List<String> classNames,
      TrainingListener listener,
      TrainingGraph.RunSettings runSettings) {
    this.recipe = recipe;
    this.classNames = classNames;
    this.listener = listener;
    this.runSettings = runSettings;
  }

  /** The tutorial's settings, each of which the builder can change. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@link #fit(List, List, List, List)} without validation: its figures are NaN. */
  public TrainedClassifier fit(List<String> texts, List<String> labels) {
    return fit(texts, labels, List.of(), List.of());
  }

  /**
   * Trains a new model.
   *
   * @param texts the training texts, at least one
   * @param labels each text's label
   * @param validationTexts evaluated after every epoch (the first {@code validationSteps} batches
   *     of them); may be empty
   * @param validationLabels each validation text's label, one of the class names
   * @throws IllegalArgumentException if the texts and labels differ in number, a text or label is
   *     null, the labels name fewer than two classes, or a label is not one of the class names
   *     given
   * @throws Trainer.DivergedException when the loss stops being finite or explodes (lower the
   *     learning rate)
   */
  public TrainedClassifier fit(
      List<String> texts,
      List<String> labels,
      List<String> validationTexts,
      List<String> validationLabels) {
    Labels.requirePairs("training", texts, labels);
    Labels.requirePairs("validation", validationTexts, validationLabels);
    Labels classes = classNames != null ? new Labels(classNames) : Labels.sortedOf(labels);
    TrainingRun.Recipe run = recipe.withClassNames(classes.names());
    classes.requireKnown("training", labels);
    classes.requireKnown("validation", validationLabels);
    Training.Data data =
        new Training.Data(
            labelled("training", texts, labels),
            validationTexts.isEmpty()
                ? null
                : labelled("validation", validationTexts, validationLabels),
            null);
    try {
      TrainingRun.Result result =
          Training.fit(run, data, runSettings, null, null, QUIET, listener, new StopRequest());
      return new TrainedClassifier(result, run.batchSize());
    } catch (IOException e) {
      // Only a checkpoint is written or read, and this run has none.
      throw new UncheckedIOException(e);
    }
  }

  private static TextSource labelled(String set, List<String> texts, List<String> labels) {
    List<LabelledText> labelled = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      labelled.add(
          new LabelledText(texts.get(i).getBytes(UTF_8), labels.get(i), set + " text " + i));
    }
    return TextSource.of(set + " texts", labelled);
  }

  /** A trainer's settings: the recipe's ({@link RecipeBuilder}), and these. */
  public static final class Builder extends RecipeBuilder<Builder> {
    private List<String> classNames;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private TrainingGraph.RunSettings runSettings = TrainingGraph.RunSettings.defaults();

    private Builder() {}

    /**
     * The model's classes in the order of its outputs (class i is output i), instead of the labels'
     * sorted; every label must be one of them.
     */
    public Builder classNames(List<String> classNames) {
      this.classNames = List.copyOf(classNames);
      return this;
    }

    /** {@link #classNames(List)}. */
    public Builder classNames(String... classNames) {
      return classNames(List.of(classNames));
    }

    /** One more listener, called after those added before (Keras's {@code callbacks}). */
    public Builder listener(TrainingListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** TensorFlow's thread pools and the recurrent layers' implementation; none changes results. */
    public Builder runSettings(TrainingGraph.RunSettings runSettings) {
      this.runSettings = Objects.requireNonNull(runSettings, "runSettings");
      return this;
    }

    /**
     * @throws dev.textrnn.model.InvalidSettingException naming the first setting out of range
     */
    public TextClassifierTrainer build() {
      return new TextClassifierTrainer(
          recipe(classNames, 0), classNames, TrainingListener.all(listeners), runSettings);
    }
  }
}
