package dev.textrnn.serving;

import static dev.textrnn.serving.SavedModelLayout.CLASSES;
import static dev.textrnn.serving.SavedModelLayout.IDS;
import static dev.textrnn.serving.SavedModelLayout.LABEL;
import static dev.textrnn.serving.SavedModelLayout.LOGITS;
import static dev.textrnn.serving.SavedModelLayout.PROBABILITIES;
import static dev.textrnn.serving.SavedModelLayout.SCORES;
import static dev.textrnn.serving.SavedModelLayout.TEXT;

import dev.textrnn.io.AtomicFiles;
import dev.textrnn.io.OutputLocation;
import dev.textrnn.io.OutputWriteException;
import dev.textrnn.model.Head;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.model.Parameter;
import dev.textrnn.model.ParameterValues;
import dev.textrnn.model.TextClassifier;
import dev.textrnn.text.TextVectorization;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

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
    if (config.vocabularySize() != vectorizer.vocabularySize()) {
      throw new IllegalArgumentException(
          "the model has "
              + config.vocabularySize()
              + " embedding rows but the vectorizer "
              + vectorizer.vocabularySize()
              + " vocabulary entries");
    }
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
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      TextClassifier<TFloat32> model = new TextClassifier<>(tf, config, TFloat32.class, 0);
      checkNames(model.parameters(), weights);
      ParameterValues<TFloat32> values = new ParameterValues<>(tf, model.parameters());
      GraphVectorizer vectorization = new GraphVectorizer(tf, vectorizer);

      Placeholder<TString> text =
          tf.withName(TEXT).placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      Operand<TInt64> textIds =
          tf.withName("vectorized_ids").identity(vectorization.ids(tf, text)); // [batch, time]
      // Fed directly by predict_ids; otherwise the ids of the text.
      PlaceholderWithDefault<TInt64> ids =
          tf.withName(IDS).placeholderWithDefault(textIds, Shape.of(-1, -1));
      Head head = model.head();
      Operand<TFloat32> logits =
          tf.withName(LOGITS)
              .ensureShape(
                  model.forward(tf, ids).logits(), Shape.of(-1, head.width())); // [batch, width]
      Outputs outputs = Outputs.of(tf, head, config.classNames(), logits);
      // saved_model.pb holds the graph (the vocabulary table's contents included), variables/ the
      // weights as float32, assets/ the vocabulary again.
      long bytes =
          graph.toGraphDef().getSerializedSize()
              + (long) Float.BYTES * model.parameterCount()
              + vectorizer.vocabularyFileBytes();

      try (Session session = new Session(graph)) {
        session.initialize();
        values.write(session, weights);
        SavedModelBundle.exporter(dir.toString())
            .withTags(SavedModelLayout.TAG)
            .withSession(session)
            .withSignature(outputs.signature(SavedModelLayout.SERVING_DEFAULT, TEXT, text))
            .withSignature(outputs.signature(SavedModelLayout.PREDICT_IDS, IDS, ids))
            .withSignature(
                Signature.builder()
                    .key(SavedModelLayout.VECTORIZE)
                    .methodName(SavedModelLayout.PREDICT_METHOD)
                    .input(TEXT, text)
                    .output(IDS, textIds)
                    .build())
            .export();
        addInitOpSignature(dir, vectorization.tableInit().op().name());
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
                model.parameterCount())
            .write(dir);
      } catch (IOException | TensorFlowException e) {
        throw OutputLocation.writeFailure(target, bytes, e);
      }
    }
  }

  /**
   * What both prediction signatures give: logits and probabilities [batch, head width]; label
   * string [batch], each row's class name; classes string [batch, classes], every class name;
   * scores [batch, classes], every class's probability.
   */
  private record Outputs(
      Operand<TFloat32> logits,
      Operand<TFloat32> probabilities,
      Operand<TString> label,
      Operand<TString> classes,
      Operand<TFloat32> scores) {

    /** A prediction signature: its one input, and these outputs. */
    Signature signature(String key, String inputName, Operand<?> input) {
      return Signature.builder()
          .key(key)
          .methodName(SavedModelLayout.PREDICT_METHOD)
          .input(inputName, input)
          .output(LOGITS, logits)
          .output(PROBABILITIES, probabilities)
          .output(LABEL, label)
          .output(CLASSES, classes)
          .output(SCORES, scores)
          .build();
    }

    static Outputs of(Ops tf, Head head, List<String> classNames, Operand<TFloat32> logits) {
      Operand<TString> names = tf.array(classNames.toArray(String[]::new)); // [classes]
      Operand<TInt32> batch = tf.gather(tf.shape(logits), tf.constant(0), tf.constant(0));
      return new Outputs(
          logits,
          tf.withName(PROBABILITIES).identity(head.probabilities(tf, logits)),
          tf.withName(LABEL).gather(names, head.predictedClasses(tf, logits), tf.constant(0)),
          tf.withName(CLASSES)
              .tile(tf.expandDims(names, tf.constant(0)), tf.stack(List.of(batch, tf.constant(1)))),
          tf.withName(SCORES).identity(head.scores(tf, logits)));
    }
  }

  private static void checkNames(
      List<Parameter<TFloat32>> parameters, Map<String, double[]> weights) {
    Set<String> expected =
        parameters.stream().map(Parameter::name).collect(Collectors.toCollection(TreeSet::new));
    if (!expected.equals(new TreeSet<>(weights.keySet()))) {
      Set<String> missing = new TreeSet<>(expected);
      missing.removeAll(weights.keySet());
      Set<String> unknown = new TreeSet<>(weights.keySet());
      unknown.removeAll(expected);
      throw new IllegalArgumentException(
          "the weights do not fit the model: missing " + missing + ", unknown " + unknown);
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
