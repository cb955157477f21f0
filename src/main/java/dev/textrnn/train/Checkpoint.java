package dev.textrnn.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.textrnn.io.AtomicFiles;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.text.Standardize;
import dev.textrnn.text.TextVectorization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A training run's state after an epoch: every variable of the training graph (weights and Adam's
 * moments, in TensorFlow's checkpoint format), the vocabulary, the model's sizes, the epoch and the
 * history so far. Written as a whole folder, atomically.
 */
public final class Checkpoint {
  private static final String STATE = "checkpoint.json";
  private static final String VOCABULARY = "vocabulary.txt";
  private static final String VARIABLES = "variables";
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * What the checkpoint says besides the variables: the run's recipe, the model as built (its
   * vocabulary size is the vectorizer's), the last completed epoch and the history so far.
   */
  public record State(TrainingRun.Recipe recipe, ModelConfig model, int epoch, List<EpochRecord> history) {}

  private Checkpoint() {}

  public static void save(Path folder, TrainingGraph graph, TextVectorization vectorizer, State state)
      throws IOException {
    Path partial = AtomicFiles.temporarySibling(folder, "partial");
    try {
      Files.createDirectories(partial.resolve(VARIABLES));
      graph.session().save(partial.resolve(VARIABLES).resolve(VARIABLES).toString());
      vectorizer.saveVocabulary(partial.resolve(VOCABULARY));
      Files.write(partial.resolve(STATE), JSON.writeValueAsBytes(state));
      AtomicFiles.replaceFolder(partial, folder);
    } finally {
      AtomicFiles.deleteRecursively(partial);
    }
  }

  public static State readState(Path folder) throws IOException {
    return JSON.readValue(folder.resolve(STATE).toFile(), State.class);
  }

  /** The vectorizer of the run (the tutorial's standardization, the adapted vocabulary). */
  public static TextVectorization readVectorizer(Path folder) throws IOException {
    return TextVectorization.load(folder.resolve(VOCABULARY), Standardize.LOWER_AND_STRIP_PUNCTUATION);
  }

  /** Restores every variable of {@code graph}, which must have been built for the same model. */
  public static void restore(Path folder, TrainingGraph graph) {
    graph.session().restore(folder.resolve(VARIABLES).resolve(VARIABLES).toString());
  }
}
