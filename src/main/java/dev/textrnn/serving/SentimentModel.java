package dev.textrnn.serving;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.textrnn.data.LabelledText;
import dev.textrnn.io.AtomicFiles;
import dev.textrnn.model.Head;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.text.EncodedBatch;
import dev.textrnn.text.TextVectorization;
import dev.textrnn.text.Words;
import dev.textrnn.train.Metrics;
import dev.textrnn.train.StepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * A text classifier loaded from a SavedModel folder written by {@link SavedModelExporter}: raw text
 * in; out, for each text, its label, that label's probability and every class's (the model's class
 * names are in its {@code assets/labels.txt}). The text is vectorized inside the model, exactly as
 * at training time.
 *
 * <p>Thread-safe: any number of threads may call {@link #predict} at once (TensorFlow runs them
 * concurrently on the one session). {@link #close} waits for running calls; later calls throw
 * {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (SentimentModel model = SentimentModel.load(Path.of("savedmodel"))) {
 *   List<Prediction> predictions = model.predict(List.of(
 *       "The movie was cool. The animation and the graphics were out of this world.",
 *       "The plot was dull and the acting was worse."));
 *   for (Prediction p : predictions) {
 *     System.out.printf("%s %.3f %s%n", p.label(), p.probability(), p.text());
 *   }
 * } catch (ModelLoadException e) {
 *   System.err.println(e.getMessage());   // one line: the folder and what to do
 * }
 * }</pre>
 */
public final class SentimentModel implements AutoCloseable {
  /**
   * Token positions (texts × the longest one's words) that go through the model at once: about 600
   * MB for the tutorial's model, which takes some 4 KB a position.
   */
  static final int MAX_POSITIONS_PER_RUN = 1 << 17;

  private final String source;
  private final Session session;
  private final Runnable close;
  private final Endpoint servingDefault;
  private final Endpoint predictIds;
  private final Endpoint vectorize;
  private final List<String> classNames;
  private final Head head;
  private final Map<String, SignatureDef> signatureDefs;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  /** A signature as tensor names: its one input and its outputs in the order fetched. */
  private record Endpoint(String input, List<String> outputs) {}

  /**
   * @param source what the model was loaded from, for messages
   * @param signatures by key
   * @param signatureDefs every signature as the SavedModel records it, by key
   * @param classNames the class names of a model whose logits have this width
   * @param close frees the session and its graph
   */
  private SentimentModel(
      String source,
      Session session,
      Map<String, Signature> signatures,
      Map<String, SignatureDef> signatureDefs,
      LongFunction<List<String>> classNames,
      Runnable close) {
    this.source = source;
    this.signatureDefs = Map.copyOf(signatureDefs);
    this.session = session;
    this.close = close;
    this.servingDefault =
        endpoint(
            signatures,
            SavedModelLayout.SERVING_DEFAULT,
            SavedModelLayout.TEXT,
            SavedModelLayout.LOGITS,
            SavedModelLayout.SCORES);
    this.predictIds =
        endpoint(
            signatures,
            SavedModelLayout.PREDICT_IDS,
            SavedModelLayout.IDS,
            SavedModelLayout.LOGITS,
            SavedModelLayout.SCORES);
    this.vectorize =
        endpoint(
            signatures, SavedModelLayout.VECTORIZE, SavedModelLayout.TEXT, SavedModelLayout.IDS);
    this.classNames = classNames.apply(logitsWidth(signatures));
    this.head = Head.forClasses(this.classNames.size());
  }

  /** The width of the logits that serving_default gives: 1 for two classes, else the classes. */
  private long logitsWidth(Map<String, Signature> signatures) {
    Shape shape =
        signatures
            .get(SavedModelLayout.SERVING_DEFAULT)
            .getOutputs()
            .get(SavedModelLayout.LOGITS)
            .shape;
    if (shape.numDimensions() != 2 || shape.get(1) < 1) {
      throw new ModelLoadException(
          source
              + ": the SavedModel's logits have the shape "
              + Arrays.toString(shape.asArray())
              + ", not [batch, classes]; export the model again");
    }
    return shape.get(1);
  }

  /** The model's classes, in the order of its outputs (class i is label i). */
  public List<String> classNames() {
    return classNames;
  }

  /**
   * The model's signatures as its SavedModel records them, by key: {@code serving_default}, {@code
   * predict_ids}, {@code vectorize} and, for a loaded model, {@code __saved_model_init_op}.
   */
  public Map<String, SignatureDef> signatureDefs() {
    return signatureDefs;
  }

  /** How the model's logits become classes and probabilities. */
  public Head head() {
    return head;
  }

  /**
   * Loads a model folder (the one holding {@code saved_model.pb}).
   *
   * @throws ModelLoadException if the folder is not a complete textrnn SavedModel
   */
  public static SentimentModel load(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new ModelLoadException(
          dir + ": is a file, not a model folder; pass the folder that holds" + " saved_model.pb");
    }
    if (!Files.isDirectory(dir)) {
      throw new ModelLoadException(
          dir
              + ": no such model folder; export a model there first or pass the"
              + " folder that holds saved_model.pb"
              + AtomicFiles.interruptedReplacementAdvice(dir));
    }
    if (!Files.isRegularFile(SavedModelLayout.savedModelProto(dir))) {
      throw new ModelLoadException(
          dir
              + ": not a SavedModel (no saved_model.pb); pass the folder that"
              + " SavedModelExporter wrote");
    }
    if (!Files.isRegularFile(SavedModelLayout.variablesIndex(dir))) {
      throw new ModelLoadException(
          dir
              + ": the SavedModel has no weights (variables/variables.index is"
              + " missing); the folder is incomplete, export the model again");
    }
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.loader(dir.toString()).withTags(SavedModelLayout.TAG).load();
    } catch (RuntimeException e) { // TensorFlowException, or a malformed graph
      throw new ModelLoadException(
          dir
              + ": cannot load the SavedModel ("
              + firstLine(e.getMessage())
              + "); export the model again",
          e);
    }
    try {
      ClassNamesFile.requirePresent(dir, SavedModelLayout.labelsAsset(dir));
      Map<String, Signature> signatures = new HashMap<>();
      bundle.signatures().forEach(signature -> signatures.put(signature.key(), signature));
      return new SentimentModel(
          dir.toString(),
          bundle.session(),
          signatures,
          bundle.metaGraphDef().getSignatureDefMap(),
          width -> ClassNamesFile.read(dir, SavedModelLayout.labelsAsset(dir), width),
          bundle::close);
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  /**
   * A trained model as {@link SavedModelExporter#export} then {@link #load} would give it, without
   * files: the same graph, weights and vocabulary, in memory.
   *
   * @param weights every parameter's values by Keras name
   * @throws IllegalArgumentException if the weights do not match the config's parameters, or the
   *     vocabulary size differs from the config's
   */
  public static SentimentModel of(
      ModelConfig config, Map<String, double[]> weights, TextVectorization vectorizer) {
    ServingGraph graph = ServingGraph.of(config, weights, vectorizer);
    Map<String, Signature> signatures = new HashMap<>();
    graph.signatures().forEach(signature -> signatures.put(signature.key(), signature));
    try {
      return new SentimentModel(
          "the model in memory",
          graph.session(),
          signatures,
          signatureDefs(graph.signatures()),
          width -> config.classNames(),
          graph::close);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /**
   * Predicts each text. Texts given together run in few batches, of texts of similar lengths. A
   * text of more than {@value Words#MAX_WORDS} words is read up to its {@value Words#MAX_WORDS}th
   * word, as in training; the rest of it does not count (see {@link Words#MAX_WORDS}). So the
   * memory a call takes is bounded whatever the texts: at most {@value #MAX_POSITIONS_PER_RUN}
   * token positions, padding included, go through the model at once, besides a few copies of the
   * texts' bytes.
   */
  public List<Prediction> predict(List<String> texts) {
    int count = texts.size();
    byte[][] bytes = new byte[count][];
    int[] words = new int[count];
    for (int i = 0; i < count; i++) {
      byte[] text = texts.get(i).getBytes(UTF_8);
      Words.Prefix read = Words.limited(text);
      bytes[i] = read.of(text);
      words[i] = Math.max(1, read.words()); // an empty text still takes one (masked) step
    }
    return predictions(
        servingDefault,
        words,
        run -> textTensor(run.stream().map(i -> bytes[i]).toList()),
        texts::get);
  }

  /**
   * Predicts rows of ids of the model's own vocabulary, as the {@code predict_ids} signature does:
   * a row is one text's ids, 0-padded or not (padding changes nothing). Rows given together run as
   * {@link #predict(List)} runs texts, in bounded memory; their {@link Prediction#text()} is null.
   *
   * @throws IllegalArgumentException if a row is longer than {@value Words#MAX_WORDS} ids
   */
  public List<Prediction> predictIds(List<long[]> rows) {
    int[] lengths = new int[rows.size()];
    for (int i = 0; i < lengths.length; i++) {
      if (rows.get(i).length > Words.MAX_WORDS) {
        throw new IllegalArgumentException(
            "row " + i + " has " + rows.get(i).length + " ids, more than " + Words.MAX_WORDS);
      }
      lengths[i] = Math.max(1, rows.get(i).length);
    }
    return predictions(predictIds, lengths, run -> idsTensor(run, rows, lengths), i -> null);
  }

  /**
   * Runs a prediction signature on {@code lengths.length} inputs of these lengths (token
   * positions), shortest first, in runs of at most {@value #MAX_POSITIONS_PER_RUN} positions.
   *
   * @param input the input tensor of a run's inputs, given by index
   * @param text what each prediction says it was given
   */
  private List<Prediction> predictions(
      Endpoint endpoint,
      int[] lengths,
      Function<List<Integer>, Tensor> input,
      IntFunction<String> text) {
    int count = lengths.length;
    Integer[] shortestFirst = new Integer[count];
    Arrays.setAll(shortestFirst, i -> i);
    Arrays.sort(shortestFirst, Comparator.comparingInt(i -> lengths[i]));
    int width = head.width();
    int classes = classNames.size();
    float[] logits = new float[count * width]; // [count, width]
    float[] scores = new float[count * classes]; // [count, classes]
    for (int start = 0, end; start < count; start = end) {
      end = start + 1;
      while (end < count
          && (end - start + 1L) * lengths[shortestFirst[end]] <= MAX_POSITIONS_PER_RUN) {
        end++;
      }
      List<Integer> run = Arrays.asList(shortestFirst).subList(start, end);
      try (Result result = run(endpoint, input.apply(run))) {
        float[] runLogits = floats(result.get(0));
        float[] runScores = floats(result.get(1));
        for (int row = 0; row < run.size(); row++) {
          System.arraycopy(runLogits, row * width, logits, run.get(row) * width, width);
          System.arraycopy(runScores, row * classes, scores, run.get(row) * classes, classes);
        }
      }
    }
    List<Prediction> predictions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int predicted = head.predictedClass(logits, i);
      Map<String, Float> byClass = new LinkedHashMap<>();
      for (int c = 0; c < classes; c++) {
        byClass.put(classNames.get(c), scores[i * classes + c]);
      }
      predictions.add(
          new Prediction(
              text.apply(i),
              classNames.get(predicted),
              scores[i * classes + predicted],
              byClass,
              Arrays.copyOfRange(logits, i * width, (i + 1) * width)));
    }
    return predictions;
  }

  /**
   * Each label's class: its index in {@link #classNames()}.
   *
   * @throws UnknownLabelsException naming every label that is not one of the model's classes
   */
  public int[] classIndices(List<String> labels) {
    Map<String, Integer> indices = new HashMap<>();
    for (int c = 0; c < classNames.size(); c++) {
      indices.put(classNames.get(c), c);
    }
    SortedSet<String> unknown = new TreeSet<>();
    int[] classes = new int[labels.size()];
    for (int i = 0; i < classes.length; i++) {
      Integer c = indices.get(labels.get(i));
      if (c == null) {
        unknown.add(labels.get(i));
      } else {
        classes[i] = c;
      }
    }
    if (!unknown.isEmpty()) {
      throw new UnknownLabelsException(List.copyOf(unknown), classNames);
    }
    return classes;
  }

  /**
   * {@link #evaluate(List, int[], int)} with each text's label given by name.
   *
   * @throws UnknownLabelsException if a label is not one of the model's classes
   */
  public Metrics evaluate(List<String> texts, List<String> labels, int batchSize) {
    return evaluate(texts, classIndices(labels), batchSize);
  }

  /**
   * Loss, accuracies and confusion matrix of the model on labelled texts, {@code batchSize} texts
   * at a time (each run as {@link #predict(List)} runs them): the head's loss on the served logits,
   * its accuracy, Keras's, and the per-class figures that {@link Metrics#confusionMatrix()} gives.
   *
   * @param classes each text's class, an index into {@link #classNames()}
   * @throws IllegalArgumentException if there are no texts, or not one class for each
   */
  public Metrics evaluate(List<String> texts, int[] classes, int batchSize) {
    if (texts.size() != classes.length) {
      throw new IllegalArgumentException(
          texts.size() + " texts but " + classes.length + " classes");
    }
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("no texts to evaluate");
    }
    Metrics metrics = new Metrics();
    for (int from = 0; from < texts.size(); from += batchSize) {
      int to = Math.min(texts.size(), from + batchSize);
      addBatch(metrics, texts.subList(from, to), Arrays.copyOfRange(classes, from, to));
    }
    return metrics;
  }

  /**
   * {@link #evaluate(List, int[], int)} on texts read as they come, {@code batchSize} of them held
   * at a time, so that a source of any size is evaluated in bounded memory.
   *
   * @throws UnknownLabelsException for a label that is not one of the model's classes
   * @throws IllegalArgumentException if there are no texts
   */
  public Metrics evaluate(Iterator<LabelledText> texts, int batchSize) {
    Metrics metrics = new Metrics();
    List<String> batch = new ArrayList<>(batchSize);
    int[] classes = new int[batchSize];
    while (texts.hasNext()) {
      LabelledText text = texts.next();
      classes[batch.size()] = classIndices(List.of(text.label()))[0];
      batch.add(text.textString());
      if (batch.size() == batchSize || !texts.hasNext()) {
        addBatch(metrics, batch, Arrays.copyOf(classes, batch.size()));
        batch.clear();
      }
    }
    if (metrics.samples() == 0) {
      throw new IllegalArgumentException("no texts to evaluate");
    }
    return metrics;
  }

  /** Adds the figures of one batch of texts, {@code classes[i]} the class of text {@code i}. */
  private void addBatch(Metrics metrics, List<String> texts, int[] classes) {
    int width = head.width();
    List<Prediction> predictions = predict(texts);
    float[] logits = new float[texts.size() * width];
    float[] labels = new float[texts.size()];
    for (int i = 0; i < predictions.size(); i++) {
      System.arraycopy(predictions.get(i).logits(), 0, logits, i * width, width);
      labels[i] = classes[i];
    }
    metrics.add(StepResult.fromLogits(head, logits, labels));
  }

  /** {@link #predict(List)} of one text. */
  public Prediction predict(String text) {
    return predict(List.of(text)).get(0);
  }

  /**
   * The logits of already vectorized texts (ids of the model's own vocabulary), laid out [rows,
   * head width].
   */
  public float[] predictLogits(EncodedBatch batch) {
    if (batch.rows() == 0) {
      return new float[0];
    }
    int[] ids = batch.ids();
    long[] wide = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      wide[i] = ids[i];
    }
    TInt64 input =
        TInt64.tensorOf(Shape.of(batch.rows(), batch.columns()), DataBuffers.of(wide, true, false));
    try (Result result = run(predictIds, input)) {
      return floats(result.get(0));
    }
  }

  /**
   * The in-graph vectorizer's ids of the texts, as the {@code vectorize} signature gives them:
   * [texts][longest row], 0-padded.
   */
  public long[][] vectorize(List<byte[]> texts) {
    try (Result result = run(vectorize, textTensor(texts))) {
      Tensor ids = result.get(0); // [batch, time]
      long[][] rows = new long[(int) ids.shape().get(0)][(int) ids.shape().get(1)];
      var values = ids.asRawTensor().data().asLongs();
      for (int row = 0; row < rows.length; row++) {
        values.offset((long) row * rows[row].length).read(rows[row]);
      }
      return rows;
    }
  }

  /** Waits for running predictions, then frees the model's native memory. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        close.run();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Runs one signature on an input it takes ownership of; the caller closes the result. */
  private Result run(Endpoint endpoint, Tensor input) {
    try (input) {
      lock.readLock().lock();
      try {
        if (closed) {
          throw new IllegalStateException(source + ": the model is closed");
        }
        Session.Runner runner = session.runner().feed(endpoint.input(), input);
        endpoint.outputs().forEach(runner::fetch);
        return runner.run();
      } finally {
        lock.readLock().unlock();
      }
    }
  }

  private Endpoint endpoint(
      Map<String, Signature> signatures, String key, String input, String... outputs) {
    Signature signature = signatures.get(key);
    List<String> outputNames = new ArrayList<>();
    for (String output : outputs) {
      Signature.TensorDescription info =
          signature == null ? null : signature.getOutputs().get(output);
      if (info == null) {
        throw missingSignature(key, input, outputs);
      }
      outputNames.add(info.name);
    }
    Signature.TensorDescription inputInfo = signature.getInputs().get(input);
    if (inputInfo == null) {
      throw missingSignature(key, input, outputs);
    }
    return new Endpoint(inputInfo.name, List.copyOf(outputNames));
  }

  private ModelLoadException missingSignature(String key, String input, String... outputs) {
    return new ModelLoadException(
        source
            + ": the SavedModel has no signature '"
            + key
            + "' ("
            + input
            + " -> "
            + String.join(", ", outputs)
            + "); it was not written by SavedModelExporter, export the model again");
  }

  /** The rows of a run, 0-padded to its longest: [run, longest] */
  private static TInt64 idsTensor(List<Integer> run, List<long[]> rows, int[] lengths) {
    int columns = run.stream().mapToInt(i -> lengths[i]).max().orElse(1);
    long[] ids = new long[run.size() * columns];
    for (int row = 0; row < run.size(); row++) {
      long[] given = rows.get(run.get(row));
      System.arraycopy(given, 0, ids, row * columns, given.length);
    }
    return TInt64.tensorOf(Shape.of(run.size(), columns), DataBuffers.of(ids, true, false));
  }

  private static TString textTensor(List<byte[]> texts) {
    return TString.tensorOfBytes(NdArrays.vectorOfObjects(texts.toArray(byte[][]::new))); // [batch]
  }

  /** The signatures of a graph in memory, as the exporter would record them. */
  private static Map<String, SignatureDef> signatureDefs(List<Signature> signatures) {
    Map<String, SignatureDef> defs = new HashMap<>();
    for (Signature signature : signatures) {
      SignatureDef.Builder def = SignatureDef.newBuilder().setMethodName(signature.methodName());
      signature.getInputs().forEach((name, tensor) -> def.putInputs(name, tensorInfo(tensor)));
      signature.getOutputs().forEach((name, tensor) -> def.putOutputs(name, tensorInfo(tensor)));
      defs.put(signature.key(), def.build());
    }
    return defs;
  }

  private static TensorInfo tensorInfo(Signature.TensorDescription tensor) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long size : tensor.shape.asArray()) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(size));
    }
    return TensorInfo.newBuilder()
        .setName(tensor.name)
        .setDtype(tensor.dataType)
        .setTensorShape(shape)
        .build();
  }

  /** [batch, w] → batch·w values, row-major */
  private static float[] floats(Tensor tensor) {
    float[] values = new float[(int) tensor.shape().size()];
    tensor.asRawTensor().data().asFloats().read(values);
    return values;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    String trimmed = message.strip();
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
  }
}
