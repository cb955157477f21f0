package dev.textrnn.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.textrnn.io.AtomicFiles;
import dev.textrnn.io.OutputLocation;
import dev.textrnn.model.InvalidSettingException;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.model.Setting;
import dev.textrnn.model.TextClassifier;
import dev.textrnn.text.Standardize;
import dev.textrnn.text.TextVectorization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * A training run's state after an epoch: every variable of the training graph (weights and Adam's
 * moments, in TensorFlow's checkpoint format), the vocabulary, the model's sizes, the epoch and the
 * history so far, and the weights of the earlier epochs that its callbacks keep (the best so far,
 * in {@code kept/epoch-N/}: a resumed run needs them, and host copies would die with the process).
 * Written as a whole folder, atomically.
 */
public final class Checkpoint {
  private static final String STATE = "checkpoint.json";
  private static final String VOCABULARY = "vocabulary.txt";
  private static final String VARIABLES = "variables";
  private static final String KEPT = "kept";
  private static final String KEPT_EPOCH = "epoch-";

  /**
   * What {@link #save} writes, and nothing else: a folder holding anything more is not replaced.
   */
  private static final AtomicFiles.FolderKind KIND =
      new AtomicFiles.FolderKind(
          "a training checkpoint",
          STATE,
          List.of(
              STATE,
              VOCABULARY,
              VARIABLES,
              VARIABLES + "/" + VARIABLES + ".index",
              VARIABLES + "/" + VARIABLES + ".data-*-of-*",
              KEPT,
              KEPT + "/" + KEPT_EPOCH + "*",
              KEPT + "/" + KEPT_EPOCH + "*/" + VARIABLES + ".index",
              KEPT + "/" + KEPT_EPOCH + "*/" + VARIABLES + ".data-*-of-*"));

  /** The trained weights and Adam's two moments of each, as float32. */
  private static final int VARIABLE_COPIES = 3;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);
  private static final String USE_ANOTHER =
      "use a checkpoint folder as train wrote it, or start a new run";

  /**
   * What the checkpoint says besides the variables: the run's recipe, the model as built (its
   * vocabulary size is the vectorizer's), the last completed epoch and the history so far.
   */
  public record State(
      TrainingRun.Recipe recipe, ModelConfig model, int epoch, List<EpochRecord> history) {

    /**
     * @throws InvalidSettingException for an epoch that is not the history's last, or past the
     *     recipe's epochs (a resumed run starts after the history)
     */
    public State {
      history = List.copyOf(history);
      Setting.requireBetween("epoch", epoch, 1, recipe.epochs());
      if (epoch != history.size()) {
        throw new InvalidSettingException(
            "epoch",
            "must equal the number of epochs in history (" + history.size() + "), got " + epoch);
      }
    }
  }

  private Checkpoint() {}

  /**
   * Writes the checkpoint, replacing the folder's old one only once the new one is complete.
   *
   * @param kept the model weights of earlier epochs that callbacks keep, by epoch
   * @throws dev.textrnn.io.OutputWriteException if the writing fails (a read-only file system, a
   *     full disk, …); the folder is then as it was
   */
  public static void save(
      Path folder,
      TrainingGraph graph,
      TextVectorization vectorizer,
      State state,
      Map<Integer, Map<String, double[]>> kept)
      throws IOException {
    checkTarget(folder);
    Path partial = AtomicFiles.temporarySibling(folder, "partial");
    try {
      Files.createDirectories(partial.resolve(VARIABLES));
      graph.session().save(partial.resolve(VARIABLES).resolve(VARIABLES).toString());
      for (Map.Entry<Integer, Map<String, double[]>> epoch : kept.entrySet()) {
        Path dir = partial.resolve(KEPT).resolve(KEPT_EPOCH + epoch.getKey());
        Files.createDirectories(dir);
        TextClassifier.writeWeights(
            state.model(), epoch.getValue(), dir.resolve(VARIABLES).toString());
      }
      vectorizer.saveVocabulary(partial.resolve(VOCABULARY));
      Files.write(partial.resolve(STATE), JSON.writeValueAsBytes(state));
      AtomicFiles.replaceFolder(partial, folder);
    } catch (IOException | TensorFlowException e) {
      long bytes =
          (long) (VARIABLE_COPIES + kept.size()) * Float.BYTES * graph.model().parameterCount()
              + vectorizer.vocabularyFileBytes();
      throw OutputLocation.writeFailure(folder, bytes, e);
    } finally {
      AtomicFiles.deleteRecursively(partial);
    }
  }

  /** Whether {@code folder} holds a checkpoint (as {@link #save} writes it, or a damaged one). */
  public static boolean exists(Path folder) {
    return Files.isRegularFile(folder.resolve(STATE));
  }

  /**
   * Checks that {@link #save} may write to {@code folder}: it is absent, empty or a checkpoint that
   * holds nothing else (nothing else is ever replaced).
   *
   * @throws java.nio.file.FileAlreadyExistsException otherwise
   */
  public static void checkTarget(Path folder) throws IOException {
    AtomicFiles.requireReplaceable(folder, KIND);
  }

  /** Whether the folder is a training checkpoint: it holds {@value #STATE}. */
  public static boolean isCheckpoint(Path folder) {
    return Files.isRegularFile(folder.resolve(STATE));
  }

  /**
   * What the checkpoint says besides the variables.
   *
   * @throws CheckpointException if the folder holds no readable, complete checkpoint description
   */
  public static State readState(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new CheckpointException(
          folder
              + ": no such checkpoint folder; pass the folder that train wrote"
              + " with --checkpoint"
              + AtomicFiles.interruptedReplacementAdvice(folder),
          null);
    }
    try {
      return JSON.treeToValue(
          withEarlierDefaults(JSON.readTree(Files.readAllBytes(folder.resolve(STATE)))),
          State.class);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(
          folder
              + ": not a training checkpoint (no "
              + STATE
              + "); pass the folder"
              + " that train wrote with --checkpoint",
          e);
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof InvalidSettingException invalid) {
        throw new CheckpointException(
            folder.resolve(STATE)
                + ": "
                + jsonPath(e, invalid.setting())
                + " "
                + invalid.problem()
                + "; "
                + USE_ANOTHER,
            e);
      }
      throw notADescription(folder, e);
    } catch (JsonProcessingException e) {
      throw notADescription(folder, e);
    }
  }

  /**
   * A description as textrnn wrote it before the recipe had callbacks and the history a learning
   * rate: no callbacks, and every epoch at the recipe's rate (the only one it had).
   */
  private static JsonNode withEarlierDefaults(JsonNode state) {
    if (state instanceof ObjectNode root && root.get("recipe") instanceof ObjectNode recipe) {
      if (!recipe.has("callbacks")) {
        recipe.putArray("callbacks");
      }
      if (root.get("history") instanceof ArrayNode history && recipe.has("learningRate")) {
        for (JsonNode epoch : history) {
          if (epoch instanceof ObjectNode e && !e.has("learningRate")) {
            // As a run records it: the float rate, widened.
            e.put("learningRate", (double) recipe.get("learningRate").floatValue());
          }
        }
      }
    }
    return state;
  }

  private static CheckpointException notADescription(Path folder, JsonProcessingException e) {
    // Jackson appends the name of the feature that failed, after a semicolon.
    String problem = e.getOriginalMessage().split(";")[0];
    return new CheckpointException(
        folder.resolve(STATE) + ": not a checkpoint description (" + problem + "); " + USE_ANOTHER,
        e);
  }

  /**
   * Where in the JSON the setting is: {@code recipe.model.vocabularySize} for the vocabulary of the
   * recipe's model.
   */
  private static String jsonPath(JsonMappingException e, String setting) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
      } else {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? setting : path + "." + setting;
  }

  /** The vectorizer of the run (the tutorial's standardization, the adapted vocabulary). */
  public static TextVectorization readVectorizer(Path folder) throws IOException {
    return TextVectorization.load(
        folder.resolve(VOCABULARY), Standardize.LOWER_AND_STRIP_PUNCTUATION);
  }

  /**
   * The trained weights of the model the checkpoint describes, by Keras name, read into the model's
   * variables alone: no training graph, no optimizer (its moments stay in the file).
   *
   * @throws CheckpointException if the variables are missing, damaged or of another model
   */
  public static Map<String, double[]> readWeights(Path folder, ModelConfig model) {
    try {
      return TextClassifier.readWeights(model, variablesPrefix(folder));
    } catch (RuntimeException e) {
      throw cannotRestore(folder, e);
    }
  }

  /**
   * The weights that the run's callbacks keep, by epoch (none for a run without such callbacks).
   *
   * @throws CheckpointException if kept weights are damaged or of another model
   */
  public static Map<Integer, Map<String, double[]>> readKept(Path folder, ModelConfig model)
      throws IOException {
    Path kept = folder.resolve(KEPT);
    Map<Integer, Map<String, double[]>> weights = new TreeMap<>();
    if (!Files.isDirectory(kept)) {
      return weights;
    }
    try (Stream<Path> epochs = Files.list(kept)) {
      for (Path dir : epochs.toList()) {
        String name = dir.getFileName().toString();
        if (!name.matches(KEPT_EPOCH + "[1-9][0-9]{0,8}")) {
          throw new CheckpointException(
              dir + ": not a folder of kept weights (" + KEPT_EPOCH + "N); " + USE_ANOTHER, null);
        }
        try {
          weights.put(
              Integer.parseInt(name.substring(KEPT_EPOCH.length())),
              TextClassifier.readWeights(model, dir.resolve(VARIABLES).toString()));
        } catch (RuntimeException e) {
          throw cannotRestore(dir, e);
        }
      }
    }
    return weights;
  }

  /**
   * Restores every variable of {@code graph}, which must have been built for the same model.
   *
   * @throws CheckpointException if the variables are missing, damaged or of another model
   */
  public static void restore(Path folder, TrainingGraph graph) {
    restore(folder, graph.session());
  }

  private static void restore(Path folder, Session session) {
    try {
      session.restore(variablesPrefix(folder));
    } catch (RuntimeException e) {
      throw cannotRestore(folder, e);
    }
  }

  /** TensorFlowException, or IllegalArgumentException for shapes that differ. */
  private static CheckpointException cannotRestore(Path folder, RuntimeException e) {
    String detail =
        e.getMessage() == null
            ? e.getClass().getSimpleName()
            : e.getMessage().strip().lines().findFirst().orElse("");
    return new CheckpointException(
        folder
            + ": cannot restore its variables into the model it describes ("
            + detail
            + "); "
            + USE_ANOTHER,
        e);
  }

  private static String variablesPrefix(Path folder) {
    return folder.resolve(VARIABLES).resolve(VARIABLES).toString();
  }
}
