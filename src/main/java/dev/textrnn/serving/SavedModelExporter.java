package dev.textrnn.serving;

import dev.textrnn.io.AtomicFiles;
import dev.textrnn.io.OutputLocation;
import dev.textrnn.io.OutputWriteException;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.model.ParameterValues;
import dev.textrnn.model.TextClassifier;
import dev.textrnn.text.TextVectorization;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Writes a trained model as a TensorFlow SavedModel (tag {@code serve}) that takes raw text:
 *
 * <ul>
 *   <li>{@code serving_default}: {@code text} string [batch] → {@code logits}, {@code
 *       probabilities} float [batch, 1]; the text is vectorized inside the graph exactly as the
 *       {@link TextVectorization} does it;
 *   <li>{@code predict_ids}: {@code ids} int64 [batch, time], 0-padded → the same outputs;
 *   <li>{@code vectorize}: {@code text} → {@code ids}, the in-graph vectorizer alone.
 * </ul>
 *
 * The graph is inference-only (no optimizer, no gradients, dropout off). Any loader (Java, Python,
 * {@code saved_model_cli}, TF Serving) fills the vocabulary table through the {@code
 * __saved_model_init_op} signature after restoring the weights. {@code assets/} holds the
 * vocabulary ({@code vocabulary.txt}) and a description ({@code textrnn.json}, see {@link
 * ModelInfo}).
 */
public final class SavedModelExporter {

  /** A step run on the complete temporary model just before it replaces the target (for tests). */
  @FunctionalInterface
  interface BeforeCommit {
    void check(Path completeModel) throws IOException;
  }

  private SavedModelExporter() {}

  /**
   * Exports the model to {@code target}, atomically: the model is built in a temporary folder
   * beside it and renamed into place, replacing an existing model only once the new one is
   * complete. On failure the target is as it was and the temporary folder is gone.
   *
   * @param weights every parameter's values by Keras name, as {@link ParameterValues#read} gives
   *     them
   * @throws IllegalArgumentException if the weights do not match the config's parameters or hold
   *     NaN or infinity, or the vocabulary size differs from the config's
   * @throws FileAlreadyExistsException if {@code target} exists and is neither a SavedModel holding
   *     only its own files nor an empty folder (it is never deleted then)
   * @throws OutputWriteException if writing fails: a read-only file system, a full disk, …
   */
  public static void export(
      ModelConfig config, Map<String, double[]> weights, TextVectorization vectorizer, Path target)
      throws IOException {
    export(config, weights, vectorizer, target, model -> {});
  }

  /**
   * Writes the model of a textrnn SavedModel folder again, with this version's signatures and
   * assets: its config, vocabulary and weights, read from the folder (for a model exported by an
   * older textrnn, which lacks the class names). {@code source} and {@code target} may be the same
   * folder; it is replaced atomically.
   *
   * @throws ModelLoadException if {@code source} is not a textrnn SavedModel or its weights do not
   *     fit its description
   */
  public static void reexport(Path source, Path target) throws IOException {
    if (!Files.isRegularFile(SavedModelLayout.infoAsset(source))
        || !Files.isRegularFile(SavedModelLayout.vocabularyAsset(source))) {
      throw new ModelLoadException(
          source
              + ": not a textrnn SavedModel (assets/textrnn.json or assets/vocabulary.txt is"
              + " missing); pass a folder that textrnn exported");
    }
    ModelInfo info = ModelInfo.read(source);
    TextVectorization.Builder vectorizer =
        TextVectorization.builder().standardize(info.standardize());
    if (info.outputSequenceLength() != null) {
      vectorizer.outputSequenceLength(info.outputSequenceLength());
    }
    Map<String, double[]> weights;
    try {
      weights =
          TextClassifier.readWeights(
              info.config(), SavedModelLayout.variablesPrefix(source).toString());
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          source
              + ": its weights do not fit its assets/textrnn.json ("
              + String.valueOf(e.getMessage()).strip().lines().findFirst().orElse("")
              + "); pass a folder that textrnn exported",
          e);
    }
    export(
        info.config(), weights, vectorizer.load(SavedModelLayout.vocabularyAsset(source)), target);
  }

  static void export(
      ModelConfig config,
      Map<String, double[]> weights,
      TextVectorization vectorizer,
      Path target,
      BeforeCommit beforeCommit)
      throws IOException {
    ServingGraph.requireVocabulary(config, vectorizer);
    checkFinite(weights);
    checkTarget(target);
    Path destination = target.toAbsolutePath().normalize();
    Files.createDirectories(destination.getParent());
    Path temporary = AtomicFiles.temporarySibling(destination, "export");
    try {
      writeSavedModel(config, weights, vectorizer, temporary, target);
      beforeCommit.check(temporary);
      AtomicFiles.replaceFolder(temporary, destination);
    } catch (IOException | RuntimeException | Error e) {
      try {
        AtomicFiles.deleteRecursively(temporary);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * Builds the inference graph, sets the weights, and writes the whole model into {@code dir}:
   * saved_model.pb, variables/ and assets/.
   *
   * @throws OutputWriteException naming {@code target} if the writing fails
   */
  private static void writeSavedModel(
      ModelConfig config,
      Map<String, double[]> weights,
      TextVectorization vectorizer,
      Path dir,
      Path target)
      throws IOException {
    try (ServingGraph serving = ServingGraph.of(config, weights, vectorizer)) {
      try {
        SavedModelBundle.Exporter exporter =
            SavedModelBundle.exporter(dir.toString())
                .withTags(SavedModelLayout.TAG)
                .withSession(serving.session());
        serving.signatures().forEach(exporter::withSignature);
        exporter.export();
        addInitOpSignature(dir, serving.tableInit());
        Files.createDirectories(SavedModelLayout.vocabularyAsset(dir).getParent());
        vectorizer.saveVocabulary(SavedModelLayout.vocabularyAsset(dir));
        ClassNamesFile.write(SavedModelLayout.labelsAsset(dir), config.classNames());
        new ModelInfo(
                config,
                vectorizer.vocabularySize(),
                vectorizer.standardize(),
                vectorizer.outputSequenceLength().isPresent()
                    ? vectorizer.outputSequenceLength().getAsInt()
                    : null,
                serving.parameterCount())
            .write(dir);
      } catch (IOException | TensorFlowException e) {
        throw OutputLocation.writeFailure(target, serving.bytes(), e);
      }
    }
  }

  /**
   * The Java exporter records no init op. Every loader runs the op that the signature {@code
   * __saved_model_init_op} names after restoring the variables; naming the table's own init op (not
   * the graph's {@code Init}, which would also re-initialize the weights) fills the table and
   * leaves the weights as saved. Written as Python's exporter does: output name = op name.
   */
  private static void addInitOpSignature(Path dir, String initOp) throws IOException {
    Path file = SavedModelLayout.savedModelProto(dir);
    SavedModel savedModel = SavedModel.parseFrom(Files.readAllBytes(file));
    SignatureDef init =
        SignatureDef.newBuilder()
            .putOutputs(
                SavedModelLayout.INIT_OP_SIGNATURE, TensorInfo.newBuilder().setName(initOp).build())
            .build();
    MetaGraphDef metaGraph =
        savedModel.getMetaGraphs(0).toBuilder()
            .putSignatureDef(SavedModelLayout.INIT_OP_SIGNATURE, init)
            .build();
    Files.write(file, savedModel.toBuilder().setMetaGraphs(0, metaGraph).build().toByteArray());
  }

  /**
   * Checks, before any work, that a model can be exported to {@code target}: it is absent, an empty
   * folder or a SavedModel that holds nothing else (nothing else is ever replaced), and its parent
   * is no file.
   *
   * @throws FileAlreadyExistsException if {@code target} exists and is neither a SavedModel holding
   *     only its own files nor an empty folder
   * @throws IOException if the parent is a file
   */
  public static void checkTarget(Path target) throws IOException {
    Path destination = target.toAbsolutePath().normalize();
    AtomicFiles.requireReplaceable(destination, SavedModelLayout.KIND);
    for (Path parent = destination.getParent(); parent != null; parent = parent.getParent()) {
      if (Files.exists(parent)) {
        if (!Files.isDirectory(parent)) {
          throw new IOException(parent + " is a file, not a folder; cannot export a model into it");
        }
        return;
      }
    }
  }

  private static void checkFinite(Map<String, double[]> weights) {
    for (Map.Entry<String, double[]> weight : weights.entrySet()) {
      for (double value : weight.getValue()) {
        if (!Double.isFinite(value)) {
          throw new IllegalArgumentException(
              "the weights of "
                  + weight.getKey()
                  + " hold NaN or infinity (the training diverged); such a model predicts only NaN");
        }
      }
    }
  }
}
