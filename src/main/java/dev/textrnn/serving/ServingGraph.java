package dev.textrnn.serving;

import static dev.textrnn.serving.SavedModelLayout.CLASSES;
import static dev.textrnn.serving.SavedModelLayout.IDS;
import static dev.textrnn.serving.SavedModelLayout.LABEL;
import static dev.textrnn.serving.SavedModelLayout.LOGITS;
import static dev.textrnn.serving.SavedModelLayout.PROBABILITIES;
import static dev.textrnn.serving.SavedModelLayout.SCORES;
import static dev.textrnn.serving.SavedModelLayout.TEXT;

import dev.textrnn.model.Head;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.model.Parameter;
import dev.textrnn.model.ParameterValues;
import dev.textrnn.model.RnnImplementation;
import dev.textrnn.model.TextClassifier;
import dev.textrnn.text.TextVectorization;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * A trained model's inference graph in a session, its weights set and its vocabulary table filled:
 * what a SavedModel holds, in memory. The exporter writes it; {@link SentimentModel#of} runs it as
 * it is. No optimizer, no gradients, dropout off.
 */
final class ServingGraph implements AutoCloseable {
  private final Graph graph;
  private final Session session;
  private final List<Signature> signatures;
  private final String tableInit;
  private final long parameterCount;
  private final long bytes;

  private ServingGraph(
      Graph graph,
      Session session,
      List<Signature> signatures,
      String tableInit,
      long parameterCount,
      long bytes) {
    this.graph = graph;
    this.session = session;
    this.signatures = signatures;
    this.tableInit = tableInit;
    this.parameterCount = parameterCount;
    this.bytes = bytes;
  }

  /**
   * Builds the graph and sets the weights.
   *
   * @param weights every parameter's values by Keras name, as {@link ParameterValues#read} gives
   *     them
   * @throws IllegalArgumentException if the weights do not match the config's parameters, or the
   *     vocabulary size differs from the config's
   */
  static ServingGraph of(
      ModelConfig config, Map<String, double[]> weights, TextVectorization vectorizer) {
    requireVocabulary(config, vectorizer);
    Graph graph = new Graph();
    try {
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
                  model.forward(tf, ids, inferenceImplementation(config)).logits(),
                  Shape.of(-1, head.width())); // [batch, width]
      Outputs outputs = Outputs.of(tf, head, config.classNames(), logits);
      List<Signature> signatures =
          List.of(
              outputs.signature(SavedModelLayout.SERVING_DEFAULT, TEXT, text),
              outputs.signature(SavedModelLayout.PREDICT_IDS, IDS, ids),
              Signature.builder()
                  .key(SavedModelLayout.VECTORIZE)
                  .methodName(SavedModelLayout.PREDICT_METHOD)
                  .input(TEXT, text)
                  .output(IDS, textIds)
                  .build());
      // saved_model.pb holds the graph (the vocabulary table's contents included), variables/ the
      // weights as float32, assets/ the vocabulary again.
      long bytes =
          graph.toGraphDef().getSerializedSize()
              + (long) Float.BYTES * model.parameterCount()
              + vectorizer.vocabularyFileBytes();
      Session session = new Session(graph);
      try {
        session.initialize();
        values.write(session, weights);
      } catch (RuntimeException e) {
        session.close();
        throw e;
      }
      return new ServingGraph(
          graph,
          session,
          signatures,
          vectorization.tableInit().op().name(),
          model.parameterCount(),
          bytes);
    } catch (RuntimeException | Error e) {
      graph.close();
      throw e;
    }
  }

  Session session() {
    return session;
  }

  /** The signatures: serving_default, predict_ids, vectorize. */
  List<Signature> signatures() {
    return signatures;
  }

  /** The name of the op that fills the vocabulary table: what loaders must run. */
  String tableInit() {
    return tableInit;
  }

  long parameterCount() {
    return parameterCount;
  }

  /** About the bytes of the model as a SavedModel. */
  long bytes() {
    return bytes;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
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

  /**
   * @throws IllegalArgumentException if the vectorizer's ids do not fit the model's embedding
   */
  /**
   * LSTM layers serve as TensorFlow's fused kernel ({@code BlockLSTMV2}, a core op that Python
   * TensorFlow and TensorFlow Serving load): the same arithmetic as the loops, with the steps in
   * C++ instead of a while loop's small ops. On this project's 2-core machine it took the
   * single-review p50 from 6.0 to 2.1 ms and the 25,000 test reviews from 1,663 to 2,797 per second
   * (InferenceBenchmark). GRU layers have no such kernel and serve as the loops.
   */
  private static RnnImplementation inferenceImplementation(ModelConfig config) {
    return config.cell().hasFusedKernel() ? RnnImplementation.FUSED : RnnImplementation.LOOP;
  }

  static void requireVocabulary(ModelConfig config, TextVectorization vectorizer) {
    if (config.vocabularySize() != vectorizer.vocabularySize()) {
      throw new IllegalArgumentException(
          "the model has "
              + config.vocabularySize()
              + " embedding rows but the vectorizer "
              + vectorizer.vocabularySize()
              + " vocabulary entries");
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
}
