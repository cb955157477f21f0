package dev.textrnn.api;

import dev.textrnn.model.ModelConfig;
import dev.textrnn.serving.Prediction;
import dev.textrnn.serving.SavedModelExporter;
import dev.textrnn.serving.SentimentModel;
import dev.textrnn.train.History;
import dev.textrnn.train.Metrics;
import dev.textrnn.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A model that {@link TextClassifierTrainer#fit} trained: it predicts and evaluates in memory,
 * exactly as its SavedModel does once exported and loaded with {@link SentimentModel#load} (the
 * same graph and weights), and exports that SavedModel. Thread-safe, as {@link SentimentModel};
 * {@link #close} frees its native memory.
 */
public final class TrainedClassifier implements AutoCloseable {
  private final TrainingRun.Result result;
  private final int batchSize;
  private final SentimentModel model;

  TrainedClassifier(TrainingRun.Result result, int batchSize) {
    this.result = result;
    this.batchSize = batchSize;
    this.model = SentimentModel.of(result.model(), result.weights(), result.vectorizer());
  }

  /** The classes, in the order of the model's outputs. */
  public List<String> classNames() {
    return model.classNames();
  }

  /** The model's sizes, its vocabulary's and its classes. */
  public ModelConfig config() {
    return result.model();
  }

  /** Every epoch's training and validation figures, as Keras's {@code History}. */
  public History history() {
    return result.history();
  }

  /** Each text's label, its probability and every class's ({@link SentimentModel#predict}). */
  public List<Prediction> predict(List<String> texts) {
    return model.predict(texts);
  }

  public Prediction predict(String text) {
    return model.predict(text);
  }

  /**
   * Loss and accuracies on labelled texts, in batches of the training's size, with the confusion
   * matrix ({@link Metrics#confusionMatrix()}) that gives each class's precision, recall and F1 and
   * the macro F1, class {@code i} being {@code classNames().get(i)}.
   *
   * @throws IllegalArgumentException if the texts and labels differ in number
   * @throws dev.textrnn.serving.UnknownLabelsException naming the labels that are not class names
   */
  public Metrics evaluate(List<String> texts, List<String> labels) {
    Labels.requirePairs("evaluation", texts, labels);
    return model.evaluate(texts, labels, batchSize);
  }

  /**
   * Writes the model as a SavedModel folder, atomically ({@link SavedModelExporter#export}); {@link
   * SentimentModel#load} loads it, and so does any TensorFlow program.
   *
   * @throws java.nio.file.FileAlreadyExistsException if {@code folder} exists and is neither an
   *     empty folder nor a SavedModel holding only its own files
   * @throws dev.textrnn.io.OutputWriteException if the writing fails
   */
  public void export(Path folder) throws IOException {
    SavedModelExporter.export(result.model(), result.weights(), result.vectorizer(), folder);
  }

  @Override
  public void close() {
    model.close();
  }
}
