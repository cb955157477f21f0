package dev.textrnn.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * The tutorial's model as TensorFlow ops: Embedding(mask_zero) → Bidirectional RNN layers →
 * Dense(relu) → [Dropout] → Dense(1), giving one logit per text. Creating it creates the variables;
 * {@link #forward} adds the ops of a forward pass, whose {@link Forward#gradients} adds the
 * backward pass.
 */
public final class TextClassifier<T extends TFloating> {
  private final ModelConfig config;
  private final Class<T> dtype;
  private final Embedding<T> embedding;
  private final List<BidirectionalRnn<T>> recurrent = new ArrayList<>();
  private final Dense<T> hidden;
  private final Dense<T> output;
  private final List<Parameter<T>> parameters;

  public TextClassifier(Ops tf, ModelConfig config, Class<T> dtype, long seed) {
    this.config = config;
    this.dtype = dtype;
    ParameterFactory<T> factory = new ParameterFactory<>(tf, dtype, seed);
    this.embedding =
        new Embedding<>(factory, "embedding", config.vocabularySize(), config.embeddingDim());
    int inputs = config.embeddingDim();
    List<Integer> units = config.recurrentUnits();
    for (int layer = 0; layer < units.size(); layer++) {
      RecurrentCell<T> cell =
          switch (config.cell()) {
            case LSTM -> new LstmCell<>(units.get(layer));
            case GRU -> new GruCell<>(units.get(layer));
          };
      BidirectionalRnn<T> rnn =
          new BidirectionalRnn<>(factory, layer, cell, inputs, layer < units.size() - 1);
      recurrent.add(rnn);
      inputs = rnn.outputWidth();
    }
    this.hidden = new Dense<>(factory, "dense", inputs, config.denseUnits(), true);
    this.output = new Dense<>(factory, "dense_1", config.denseUnits(), 1, false);
    this.parameters = List.copyOf(factory.parameters());
  }

  public Class<T> dtype() {
    return dtype;
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
   * pass). ids [batch, time] int64, 0 for padding (time may be 0).
   */
  public Forward forward(Ops tf, Operand<TInt64> ids) {
    return new Forward(tf, ids, null, RnnImplementation.LOOP);
  }

  /**
   * Adds a training pass, with dropout at {@code dropout.rate()} (a scalar; 0 turns it off) whose
   * mask is a stateless draw from {@code dropout.seed()} [2]: the same seed, the same mask, so a
   * resumed run repeats an uninterrupted one exactly.
   */
  public Forward forward(Ops tf, Operand<TInt64> ids, Dropout<T> dropout) {
    return forward(tf, ids, dropout, RnnImplementation.LOOP);
  }

  /** A training pass whose bidirectional layers are computed by {@code rnn}. */
  public Forward forward(Ops tf, Operand<TInt64> ids, Dropout<T> dropout, RnnImplementation rnn) {
    return new Forward(tf, ids, dropout, rnn);
  }

  /** Dropout's rate (scalar) and the seed of its mask (int64 [2]). */
  public record Dropout<T extends TFloating>(Operand<T> rate, Operand<TInt64> seed) {}

  /** The ops of one forward pass, and the way back. */
  public final class Forward {
    private final List<RecurrentPass<T>> passes = new ArrayList<>();
    private final TimeLayout layout;
    private final Operand<T> logits;

    private Forward(
        Ops tf, Operand<TInt64> ids, Dropout<T> dropout, RnnImplementation rnnImplementation) {
      // Time-major from here on, rows sorted longest first: [T, B].
      Operand<TInt64> unsorted =
          tf.linalg.transpose(padToOneStep(tf, ids), tf.constant(new int[] {1, 0}));
      this.layout = new TimeLayout(tf, unsorted);
      Operand<T> x = embedding.forward(tf, layout.sortRows(tf, unsorted)); // [T, B, embeddingDim]
      for (BidirectionalRnn<T> rnn : recurrent) {
        RecurrentPass<T> pass =
            rnnImplementation == RnnImplementation.FUSED
                ? rnn.forwardFused(tf, x, layout)
                : rnn.forward(tf, x, layout, dropout != null);
        passes.add(pass);
        x = pass.output(); // [T, B, 2u] or [B, 2u]
      }
      Operand<T> h = hidden.forward(tf, x); // [B, denseUnits]
      if (dropout != null && config.dropoutRate() > 0) {
        h = applyDropout(tf, h, dropout);
      }
      this.logits = layout.unsort(tf, output.forward(tf, h)); // [B, 1], input order
    }

    /** [batch, 1] */
    public Operand<T> logits() {
      return logits;
    }

    /**
     * Adds the gradient of a scalar loss computed from {@link #logits()} with respect to every
     * parameter, in {@link #parameters()} order: TensorFlow's gradients above and below the
     * recurrent layers, the hand-written reverse loops through them.
     */
    public Map<Parameter<T>, Output<T>> gradients(Ops tf, Operand<T> loss) {
      Graph graph = (Graph) tf.scope().env();
      Map<Operand<?>, Output<?>> byVariable = new LinkedHashMap<>();
      List<Operand<?>> headVariables = new ArrayList<>();
      int headStart = parameters.indexOf(findFirstDenseParameter());
      for (Parameter<T> p : parameters.subList(headStart, parameters.size())) {
        headVariables.add(p.variable());
      }
      RecurrentPass<T> top = passes.get(passes.size() - 1);
      Output<?> dBoundary =
          addGradients(
              graph,
              tf,
              "gradients_head",
              List.of(loss),
              null,
              headVariables,
              top.boundary(),
              byVariable);
      for (int layer = passes.size() - 1; layer >= 0; layer--) {
        GradientSeed seed = passes.get(layer).backward(tf, dBoundary.expect(dtype));
        Operand<?> below =
            layer > 0 ? passes.get(layer - 1).boundary() : embedding.embeddings().variable();
        dBoundary =
            addGradients(
                graph,
                tf,
                layer == 0 ? "gradients_rnn" : "gradients_rnn_" + layer,
                seed.ys(),
                seed.dys(),
                seed.xs(),
                below,
                byVariable);
      }
      byVariable.put(embedding.embeddings().variable(), dBoundary);
      Map<Parameter<T>, Output<T>> result = new LinkedHashMap<>();
      for (Parameter<T> p : parameters) {
        result.put(p, byVariable.get(p.variable()).expect(dtype));
      }
      return result;
    }

    private Parameter<T> findFirstDenseParameter() {
      return parameters.stream()
          .filter(p -> p.name().startsWith("dense/"))
          .findFirst()
          .orElseThrow();
    }
  }

  /**
   * One call of TensorFlow's symbolic gradient: d(ys)/d(variables, last) seeded with dys (ones when
   * null). Records the variables' gradients and returns the gradient of {@code last}.
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
    Output<?>[] x = new Output<?>[variables.size() + 1];
    for (int i = 0; i < variables.size(); i++) {
      x[i] = variables.get(i).asOutput();
    }
    x[variables.size()] = last.asOutput();
    Output<?>[] y = ys.stream().map(Operand::asOutput).toArray(Output<?>[]::new);
    Output<?>[] dy =
        dys == null ? null : dys.stream().map(Operand::asOutput).toArray(Output<?>[]::new);
    Output<?>[] dx = graph.addGradients(tf.scope().makeOpName(prefix), y, x, dy);
    for (int i = 0; i < variables.size(); i++) {
      sink.put(variables.get(i), dx[i]);
    }
    return dx[variables.size()];
  }

  /**
   * Keras's Dropout at training time: keep with probability 1 − rate, scale kept values by 1/(1 −
   * rate).
   */
  private Operand<T> applyDropout(Ops tf, Operand<T> x, Dropout<T> dropout) {
    Operand<T> rate = dropout.rate();
    Operand<T> uniform = tf.random.statelessRandomUniform(tf.shape(x), dropout.seed(), dtype);
    Operand<T> kept = tf.dtypes.cast(tf.math.greaterEqual(uniform, rate), dtype);
    Operand<T> one = tf.dtypes.cast(tf.constant(1f), dtype);
    return tf.math.div(tf.math.mul(x, kept), tf.math.sub(one, rate));
  }

  /** A batch of empty texts has no step at all; the loops need one (masked) step. */
  private static Operand<TInt64> padToOneStep(Ops tf, Operand<TInt64> ids) {
    Operand<TInt32> steps = tf.gather(tf.shape(ids), tf.constant(1), tf.constant(0));
    Operand<TInt32> missing = tf.math.maximum(tf.math.sub(tf.constant(1), steps), tf.constant(0));
    Operand<TInt32> zero = tf.constant(0);
    Operand<TInt32> paddings =
        tf.reshape(tf.stack(List.of(zero, zero, zero, missing)), tf.constant(new int[] {2, 2}));
    return tf.pad(ids, paddings, tf.constant(0L));
  }
}
