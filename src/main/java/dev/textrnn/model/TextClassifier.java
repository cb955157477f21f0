package dev.textrnn.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.math.Cumsum;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * A text classifier as TensorFlow ops: a chain of layers with a head. The tutorial's chain is
 * Embedding(mask_zero) → Bidirectional RNN layers → Dense(relu) → [Dropout] → Dense(head width);
 * the {@link Head} gives the output's width and loss. Creating it creates the variables; {@link
 * #forward} adds the ops of a forward pass, whose {@link Forward#gradients} adds the backward pass.
 */
public final class TextClassifier<T extends TFloating> {
  private final Class<T> dtype;
  private final Head head;
  private final Embedding<T> embedding;
  private final List<StackedLayer<T>> stack = new ArrayList<>();
  private final List<Parameter<T>> parameters;

  /** The model of {@code config}, its head chosen by {@link ModelConfig#classes()}. */
  public TextClassifier(Ops tf, ModelConfig config, Class<T> dtype, long seed) {
    this.dtype = dtype;
    this.head = Head.forClasses(config.classes());
    ParameterFactory<T> factory = new ParameterFactory<>(tf, dtype, seed);
    LayerNames names = new LayerNames();
    this.embedding =
        new Embedding<>(
            factory, names.next("embedding"), config.vocabularySize(), config.embeddingDim());
    int inputs = config.embeddingDim();
    List<Integer> units = config.recurrentUnits();
    for (int layer = 0; layer < units.size(); layer++) {
      BidirectionalRnn<T> rnn =
          new BidirectionalRnn<>(
              factory,
              names,
              config.cell().<T>create(units.get(layer)),
              inputs,
              layer < units.size() - 1);
      stack.add(rnn);
      inputs = rnn.outputShape().width();
    }
    stack.add(new Dense<>(factory, names.next("dense"), inputs, config.denseUnits(), true));
    if (config.dropoutRate() > 0) {
      stack.add(new Dropout<>(names.next("dropout"), config.denseUnits(), config.dropoutRate()));
    }
    stack.add(new Dense<>(factory, names.next("dense"), config.denseUnits(), head.width(), false));
    this.parameters = List.copyOf(factory.parameters());
  }

  public Class<T> dtype() {
    return dtype;
  }

  public Head head() {
    return head;
  }

  /** Every layer, the embedding first and the head's dense layer last. */
  public List<Layer<T>> layers() {
    List<Layer<T>> layers = new ArrayList<>();
    layers.add(embedding);
    layers.addAll(stack);
    return layers;
  }

  /**
   * The weights of a {@code config} model stored in a TensorFlow checkpoint (a training
   * checkpoint's, or a SavedModel's {@code variables/variables}), by Keras name: restored into the
   * model's variables alone, so that no training graph or optimizer is built.
   *
   * @param prefix the checkpoint's path prefix, for example {@code DIR/variables/variables}
   * @throws org.tensorflow.exceptions.TensorFlowException if the checkpoint lacks a variable or
   *     holds another shape
   */
  public static Map<String, double[]> readWeights(ModelConfig config, String prefix) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      TextClassifier<TFloat32> model = new TextClassifier<>(tf, config, TFloat32.class, 0);
      ParameterValues<TFloat32> values = new ParameterValues<>(tf, model.parameters());
      try (Session session = new Session(graph)) {
        session.restore(prefix);
        return values.read(session);
      }
    }
  }

  /**
   * Writes the weights of a {@code config} model, by Keras name, as a TensorFlow checkpoint of the
   * model's variables alone, which {@link #readWeights} reads.
   *
   * @param weights every weight of the model
   * @throws org.tensorflow.exceptions.TensorFlowException if the writing fails
   */
  public static void writeWeights(
      ModelConfig config, Map<String, double[]> weights, String prefix) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      TextClassifier<TFloat32> model = new TextClassifier<>(tf, config, TFloat32.class, 0);
      ParameterValues<TFloat32> values = new ParameterValues<>(tf, model.parameters());
      try (Session session = new Session(graph)) {
        values.write(session, weights);
        session.save(prefix);
      }
    }
  }

  /** The chain as a run describes it: {@code Embedding(1000, 64) -> … -> Dense(1)}. */
  public String describe() {
    return String.join(" -> ", layers().stream().map(Layer::describe).toList());
  }

  /** Every weight, in Keras's order. */
  public List<Parameter<T>> parameters() {
    return parameters;
  }

  public long parameterCount() {
    return parameters.stream().mapToLong(Parameter::size).sum();
  }

  /**
   * Adds an inference pass (no dropout, and no way back: {@link Forward#gradients} needs a training
   * pass) whose bidirectional layers are computed by {@code rnn}. ids [batch, time] int64, 0 for
   * padding (time may be 0).
   */
  public Forward forward(Ops tf, Operand<TInt64> ids, RnnImplementation rnn) {
    return new Forward(tf, ids, null, rnn);
  }

  /** Adds a training pass, with {@code dropout}'s rate and mask (see {@link Dropout.Training}). */
  public Forward forward(Ops tf, Operand<TInt64> ids, Dropout.Training<T> dropout) {
    return forward(tf, ids, dropout, RnnImplementation.LOOP);
  }

  /** A training pass whose bidirectional layers are computed by {@code rnn}. */
  public Forward forward(
      Ops tf, Operand<TInt64> ids, Dropout.Training<T> dropout, RnnImplementation rnn) {
    return new Forward(tf, ids, dropout, rnn);
  }

  /** The ops of one forward pass, and the way back. */
  public final class Forward {
    private final List<LayerPass<T>> passes = new ArrayList<>();
    private final Operand<T> logits;

    private Forward(
        Ops tf, Operand<TInt64> ids, Dropout.Training<T> dropout, RnnImplementation rnn) {
      Operand<TInt64> padded = padToOneStep(tf, ids); // [B, T]
      if (rnn == RnnImplementation.FUSED) {
        // The fused kernels read a row's first extent positions as its tokens (FusedLstmPass),
        // where the loops skip a masked position wherever it is: a row 0-padded in front, as
        // Keras's pad_sequences pads by default, must have its tokens moved first.
        padded = tokensFirst(tf, padded);
      }
      // Time-major from here on, rows sorted longest first: [T, B].
      Operand<TInt64> unsorted = tf.linalg.transpose(padded, tf.constant(new int[] {1, 0}));
      TimeLayout layout = new TimeLayout(tf, unsorted);
      PassContext<T> context = new PassContext<>(layout, dropout, rnn);
      Operand<T> x = embedding.forward(tf, layout.sortRows(tf, unsorted)); // [T, B, embeddingDim]
      for (StackedLayer<T> layer : stack) {
        LayerPass<T> pass = layer.forward(tf, x, context);
        passes.add(pass);
        x = pass.output(); // [T, B, w] below a recurrence that takes a sequence, else [B, w]
      }
      this.logits = layout.unsort(tf, x); // [B, head width], input order
    }

    /** [batch, head width] */
    public Operand<T> logits() {
      return logits;
    }

    /**
     * Adds the gradient of a scalar loss computed from {@link #logits()} with respect to every
     * parameter, in {@link #parameters()} order. The chain is walked from the top: TensorFlow
     * differentiates each run of ordinary layers down to the next recurrence's boundary, and the
     * recurrence's hand-written reverse loop carries the gradient through it to the run below.
     */
    public Map<Parameter<T>, Output<T>> gradients(Ops tf, Operand<T> loss) {
      Graph graph = (Graph) tf.scope().env();
      Map<Operand<?>, Output<?>> byVariable = new LinkedHashMap<>();
      List<Operand<?>> ys = List.of(loss);
      List<Operand<?>> dys = null;
      List<Operand<?>> variables = new ArrayList<>();
      String segment = "gradients_head";
      for (int i = stack.size() - 1; i >= 0; i--) {
        if (passes.get(i) instanceof RecurrentPass<T> recurrence) {
          Output<?> dBoundary =
              addGradients(
                  graph, tf, segment, ys, dys, variables, recurrence.boundary(), byVariable);
          GradientSeed seed = recurrence.backward(tf, dBoundary.expect(dtype));
          ys = seed.ys();
          dys = seed.dys();
          variables = new ArrayList<>(seed.xs());
          segment = "gradients_" + stack.get(i).name();
        } else {
          for (Parameter<T> p : stack.get(i).parameters()) {
            variables.add(p.variable());
          }
        }
      }
      variables.add(embedding.embeddings().variable());
      addGradients(graph, tf, segment, ys, dys, variables, null, byVariable);
      Map<Parameter<T>, Output<T>> result = new LinkedHashMap<>();
      for (Parameter<T> p : parameters) {
        result.put(p, byVariable.get(p.variable()).expect(dtype));
      }
      return result;
    }
  }

  /**
   * One call of TensorFlow's symbolic gradient: d(ys)/d(variables, last) seeded with dys (ones when
   * null). Records the variables' gradients and returns the gradient of {@code last} (null when
   * there is none).
   */
  private static Output<?> addGradients(
      Graph graph,
      Ops tf,
      String prefix,
      List<? extends Operand<?>> ys,
      List<Operand<?>> dys,
      List<Operand<?>> variables,
      Operand<?> last,
      Map<Operand<?>, Output<?>> sink) {
    List<Output<?>> x = new ArrayList<>();
    variables.forEach(v -> x.add(v.asOutput()));
    if (last != null) {
      x.add(last.asOutput());
    }
    Output<?>[] y = ys.stream().map(Operand::asOutput).toArray(Output<?>[]::new);
    Output<?>[] dy =
        dys == null ? null : dys.stream().map(Operand::asOutput).toArray(Output<?>[]::new);
    Output<?>[] dx =
        graph.addGradients(tf.scope().makeOpName(prefix), y, x.toArray(new Output<?>[0]), dy);
    for (int i = 0; i < variables.size(); i++) {
      sink.put(variables.get(i), dx[i]);
    }
    return last == null ? null : dx[variables.size()];
  }

  /** A batch of empty texts has no step at all; the loops need one (masked) step. */
  /**
   * Each row's tokens (non-zero ids) moved to its front in their order, zeros after: [B, T] → [B,
   * T]. A masked model's output depends only on each row's tokens in order (a masked step keeps the
   * state; Bidirectional reverses the tokens alone), so this changes no output.
   */
  private static Operand<TInt64> tokensFirst(Ops tf, Operand<TInt64> ids) {
    Operand<TBool> isToken = tf.math.notEqual(ids, tf.constant(0L));
    Operand<TInt64> column =
        tf.math.cumsum(
            tf.dtypes.cast(isToken, TInt64.class), tf.constant(1), Cumsum.exclusive(true));
    Operand<TInt64> tokens = tf.where(isToken); // [K, 2]: (row, column) of every token
    Operand<TInt64> row = tf.gather(tokens, tf.constant(0), tf.constant(1));
    return tf.scatterNd(
        tf.stack(List.of(row, tf.gatherNd(column, tokens)), Stack.axis(1L)),
        tf.gatherNd(ids, tokens),
        tf.dtypes.cast(tf.shape(ids), TInt64.class));
  }

  private static Operand<TInt64> padToOneStep(Ops tf, Operand<TInt64> ids) {
    Operand<TInt32> steps = tf.gather(tf.shape(ids), tf.constant(1), tf.constant(0));
    Operand<TInt32> missing = tf.math.maximum(tf.math.sub(tf.constant(1), steps), tf.constant(0));
    Operand<TInt32> zero = tf.constant(0);
    Operand<TInt32> paddings =
        tf.reshape(tf.stack(List.of(zero, zero, zero, missing)), tf.constant(new int[] {2, 2}));
    return tf.pad(ids, paddings, tf.constant(0L));
  }
}
