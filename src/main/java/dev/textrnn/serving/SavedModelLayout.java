package dev.textrnn.serving;

import dev.textrnn.io.AtomicFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * The names a textrnn SavedModel is made of, shared by the exporter, the loader, the server (which
 * serves the signatures by these names) and the Spark transformer.
 */
public final class SavedModelLayout {
  static final String TAG = "serve";

  /**
   * text string [batch] → logits, probabilities float [batch, width] (width 1 for two classes, else
   * one per class), label string [batch], classes string [batch, classes], scores float [batch,
   * classes]
   */
  public static final String SERVING_DEFAULT = "serving_default";

  /** ids int64 [batch, time], 0-padded → the outputs of {@link #SERVING_DEFAULT} */
  public static final String PREDICT_IDS = "predict_ids";

  /** text string [batch] → ids int64 [batch, longest row]: the in-graph vectorizer alone */
  public static final String VECTORIZE = "vectorize";

  public static final String TEXT = "text";
  public static final String IDS = "ids";
  public static final String LOGITS = "logits";
  public static final String PROBABILITIES = "probabilities";
  public static final String LABEL = "label";
  public static final String CLASSES = "classes";
  public static final String SCORES = "scores";

  /** The outputs of both prediction signatures, in the order the server writes them. */
  public static final List<String> PREDICTION_OUTPUTS =
      List.of(LOGITS, PROBABILITIES, LABEL, CLASSES, SCORES);

  /**
   * The signature key (and its output key) that every SavedModel loader runs after restoring
   * variables.
   */
  static final String INIT_OP_SIGNATURE = "__saved_model_init_op";

  static final String TABLE_INIT_OP = "table_init";
  public static final String PREDICT_METHOD = "tensorflow/serving/predict";

  /** The file that makes a folder a SavedModel. */
  public static final String SAVED_MODEL_PROTO = "saved_model.pb";

  private static final String VARIABLES = "variables";
  private static final String VARIABLES_INDEX = "variables.index";
  private static final String ASSETS = "assets";
  private static final String VOCABULARY_ASSET = "vocabulary.txt";
  private static final String INFO_ASSET = "textrnn.json";
  private static final String LABELS_ASSET = "labels.txt";

  /** What the exporter writes, and nothing else: a folder holding anything more is not replaced. */
  static final AtomicFiles.FolderKind KIND =
      new AtomicFiles.FolderKind(
          "a SavedModel",
          SAVED_MODEL_PROTO,
          List.of(
              SAVED_MODEL_PROTO,
              VARIABLES,
              VARIABLES + "/" + VARIABLES_INDEX,
              VARIABLES + "/variables.data-*-of-*",
              ASSETS,
              ASSETS + "/" + VOCABULARY_ASSET,
              ASSETS + "/" + LABELS_ASSET,
              ASSETS + "/" + INFO_ASSET));

  private SavedModelLayout() {}

  static Path savedModelProto(Path dir) {
    return dir.resolve(SAVED_MODEL_PROTO);
  }

  /** The TensorFlow checkpoint prefix of the model's weights. */
  static Path variablesPrefix(Path dir) {
    return dir.resolve(VARIABLES).resolve(VARIABLES);
  }

  static Path variablesIndex(Path dir) {
    return dir.resolve(VARIABLES).resolve(VARIABLES_INDEX);
  }

  static Path vocabularyAsset(Path dir) {
    return dir.resolve(ASSETS).resolve(VOCABULARY_ASSET);
  }

  /** The class names, one a line, in the order of the head's outputs. */
  static Path labelsAsset(Path dir) {
    return dir.resolve(ASSETS).resolve(LABELS_ASSET);
  }

  static Path infoAsset(Path dir) {
    return dir.resolve(ASSETS).resolve(INFO_ASSET);
  }
}
