package dev.textrnn.serving;

import java.nio.file.Path;

/** The names a textrnn SavedModel is made of, shared by the exporter and the loader. */
final class SavedModelLayout {
  static final String TAG = "serve";

  /**
   * text string [batch] → logits, probabilities float [batch, width] (width 1 for two classes, else
   * one per class), label string [batch], classes string [batch, classes], scores float [batch,
   * classes]
   */
  static final String SERVING_DEFAULT = "serving_default";

  /** ids int64 [batch, time], 0-padded → the outputs of {@link #SERVING_DEFAULT} */
  static final String PREDICT_IDS = "predict_ids";

  /** text string [batch] → ids int64 [batch, longest row]: the in-graph vectorizer alone */
  static final String VECTORIZE = "vectorize";

  static final String TEXT = "text";
  static final String IDS = "ids";
  static final String LOGITS = "logits";
  static final String PROBABILITIES = "probabilities";
  static final String LABEL = "label";
  static final String CLASSES = "classes";
  static final String SCORES = "scores";

  /**
   * The signature key (and its output key) that every SavedModel loader runs after restoring
   * variables.
   */
  static final String INIT_OP_SIGNATURE = "__saved_model_init_op";

  static final String TABLE_INIT_OP = "table_init";
  static final String PREDICT_METHOD = "tensorflow/serving/predict";

  /** The file that makes a folder a SavedModel. */
  static final String SAVED_MODEL_PROTO = "saved_model.pb";

  private SavedModelLayout() {}

  static Path savedModelProto(Path dir) {
    return dir.resolve(SAVED_MODEL_PROTO);
  }

  /** The TensorFlow checkpoint prefix of the model's weights. */
  static Path variablesPrefix(Path dir) {
    return dir.resolve("variables").resolve("variables");
  }

  static Path variablesIndex(Path dir) {
    return dir.resolve("variables").resolve("variables.index");
  }

  static Path vocabularyAsset(Path dir) {
    return dir.resolve("assets").resolve("vocabulary.txt");
  }

  /** The class names, one a line, in the order of the head's outputs. */
  static Path labelsAsset(Path dir) {
    return dir.resolve("assets").resolve("labels.txt");
  }

  static Path infoAsset(Path dir) {
    return dir.resolve("assets").resolve("textrnn.json");
  }
}
