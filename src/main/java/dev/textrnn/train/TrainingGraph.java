package dev.textrnn.train;

import dev.textrnn.data.Batch;
import dev.textrnn.model.Dropout;
import dev.textrnn.model.InvalidSettingException;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.model.ParameterValues;
import dev.textrnn.model.RnnImplementation;
import dev.textrnn.model.Setting;
import dev.textrnn.model.TextClassifier;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.framework.optimizers.Optimizer.GradAndVar;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * The training graph and its session: the model's forward pass on fed batches, the loss, the
 * gradients (hand-written through the loops) and Adam. Building happens once, here; the {@link
 * Trainer} only runs it.
 */
public final class TrainingGraph implements AutoCloseable {
  /**
   * Token positions (rows × the longest row) that one run of the graph takes: the tutorial's batch
   * of 64 padded to IMDB's longest review (2,469 tokens) fits, so its batches never run in parts.
   * Steps of this size peaked at 1.8 GB resident for the tutorial's model, 2.0 GB for the stacked
   * one (some 8 KB a position).
   */
  static final long MAX_POSITIONS_PER_RUN = 64 * 2_560;

  private final long maxPositionsPerRun;
  private final Graph graph = new Graph();
  private final Session session;
  private final TextClassifier<TFloat32> model;
  private final Placeholder<TInt64> ids;
  private final Placeholder<TFloat32> labels;
  private final PlaceholderWithDefault<TFloat32> dropoutRate;
  private final PlaceholderWithDefault<TInt64> dropoutSeed;
  private final Placeholder<TFloat32> learningRateInput; // [] Adam's, fed at every step
  private float learningRate;
  private final Output<TFloat32> logits;
  private final Output<TFloat32> loss;
  private final List<Output<TFloat32>> gradients; // of every parameter
  private final List<Placeholder<TFloat32>> gradientInputs; // what trainStep applies, in that order
  private final Op trainStep;
  private final ParameterValues<TFloat32> values;
  private final long seed;

  public TrainingGraph(ModelConfig config, float learningRate, long seed, RunSettings settings) {
    this(config, learningRate, seed, settings, MAX_POSITIONS_PER_RUN);
  }

  /** For tests: another size of the parts a batch runs in. */
  TrainingGraph(
      ModelConfig config,
      float learningRate,
      long seed,
      RunSettings settings,
      long maxPositionsPerRun) {
    Ops tf = Ops.create(graph);
    this.seed = seed;
    this.maxPositionsPerRun = maxPositionsPerRun;
    this.learningRate = learningRate;
    model = new TextClassifier<>(tf, config, TFloat32.class, seed);
    ids = tf.withName("ids").placeholder(TInt64.class, Placeholder.shape(Shape.of(-1, -1)));
    labels = tf.withName("labels").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
    dropoutRate =
        tf.withName("dropout_rate").placeholderWithDefault(tf.constant(0f), Shape.scalar());
    dropoutSeed =
        tf.withName("dropout_seed")
            .placeholderWithDefault(tf.constant(new long[] {0, 0}), Shape.of(2));
    TextClassifier<TFloat32>.Forward forward =
        model.forward(tf, ids, new Dropout.Training<>(dropoutRate, dropoutSeed), settings.rnn());
    logits = forward.logits().asOutput();
    loss = model.head().loss(tf, labels, forward.logits()).asOutput();
    // Adam takes the gradients fed, so that a step can sum those of a batch's parts first. Fed in
    // place of the computed ones they would not do: tensorflow-framework's
    // Optimizer.applyGradients puts the updates under a control dependency on the ops that
    // compute them.
    List<GradAndVar<? extends TType>> pairs = new ArrayList<>();
    gradients = new ArrayList<>();
    gradientInputs = new ArrayList<>();
    forward
        .gradients(tf, loss)
        .forEach(
            (p, g) -> {
              Placeholder<TFloat32> input =
                  tf.withName("gradient_input")
                      .placeholder(TFloat32.class, Placeholder.shape(p.variable().shape()));
              pairs.add(new GradAndVar<>(input.output(), p.variable().asOutput()));
              gradients.add(g);
              gradientInputs.add(input);
            });
    learningRateInput =
        tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    trainStep = new KerasAdam(graph, learningRateInput).applyGradients(pairs, "train_step");
    values = new ParameterValues<>(tf, model.parameters());
    session = new Session(graph, settings.toConfig());
    session.initialize();
  }

  public TextClassifier<TFloat32> model() {
    return model;
  }

  public Graph graph() {
    return graph;
  }

  public Session session() {
    return session;
  }

  public ParameterValues<TFloat32> parameterValues() {
    return values;
  }

  /** Adam's learning rate, which every later {@link #train} step takes. */
  public float learningRate() {
    return learningRate;
  }

  /** As Keras's {@code optimizer.learning_rate = rate}: the steps from now on take this rate. */
  public void setLearningRate(float rate) {
    learningRate = rate;
  }

  /** Every parameter's gradient, as {@link #train} fetches them (for profiling a step). */
  List<Output<TFloat32>> gradients() {
    return gradients;
  }

  /**
   * One optimizer step on a batch; returns the loss and logits computed before the update. The
   * dropout mask is drawn from (the graph's seed, {@code step}), so a resumed run repeats exactly.
   *
   * <p>A batch of more than {@value #MAX_POSITIONS_PER_RUN} token positions runs in parts (see
   * {@link Batch#split}): the step's records grow with rows × time × units, and 64 texts of {@value
   * dev.textrnn.text.Words#MAX_WORDS} words took more than 10 GB at once. Each part's gradients,
   * weighted by its share of the rows (the loss is their mean), are summed, and Adam then takes one
   * step with the sums: the step of the whole batch, up to rounding. Part k draws its dropout mask
   * from (the graph's seed + k, {@code step}).
   */
  public StepResult train(Batch batch, float dropout, long step) {
    return run(batch, dropout, step, true);
  }

  /** Loss and logits without updating anything (dropout off); in parts as {@link #train}. */
  public StepResult evaluate(Batch batch) {
    return run(batch, 0f, 0, false);
  }

  private StepResult run(Batch batch, float dropout, long step, boolean train) {
    int width = model.head().width();
    float[] batchLogits = new float[batch.size() * width]; // [batch, head width]
    double meanLoss = 0;
    double[][] gradientSums = new double[gradients.size()][];
    List<Batch.Part> parts = batch.split(maxPositionsPerRun);
    for (int k = 0; k < parts.size(); k++) {
      Batch.Part part = parts.get(k);
      double share = (double) part.batch().size() / batch.size();
      try (TInt64 idTensor = idsOf(part.batch());
          TFloat32 labelTensor = labelsOf(part.batch());
          TFloat32 rate = TFloat32.scalarOf(dropout);
          TInt64 seed = TInt64.vectorOf(this.seed + k, step)) {
        Session.Runner runner =
            session
                .runner()
                .feed(ids, idTensor)
                .feed(labels, labelTensor)
                .feed(dropoutRate, rate)
                .feed(dropoutSeed, seed)
                .fetch(loss)
                .fetch(logits);
        if (train) {
          gradients.forEach(runner::fetch);
        }
        try (Result result = runner.run()) {
          meanLoss += share * ((TFloat32) result.get(0)).getFloat();
          float[] partLogits = floats(result.get(1));
          for (int row = 0; row < part.batch().size(); row++) {
            System.arraycopy(partLogits, row * width, batchLogits, part.rows()[row] * width, width);
          }
          for (int i = 0; train && i < gradients.size(); i++) {
            float[] gradient = floats(result.get(2 + i));
            if (gradientSums[i] == null) {
              gradientSums[i] = new double[gradient.length];
            }
            for (int j = 0; j < gradient.length; j++) {
              gradientSums[i][j] += share * gradient[j];
            }
          }
        }
      }
    }
    if (train) {
      applyGradients(gradientSums);
    }
    return StepResult.of(model.head(), batchLogits, batch.labels(), meanLoss);
  }

  /** Adam's step with the given gradients (of a whole batch one part, exactly its own). */
  private void applyGradients(double[][] sums) {
    List<TFloat32> fed = new ArrayList<>(sums.length + 1);
    try {
      TFloat32 rate = TFloat32.scalarOf(learningRate);
      fed.add(rate);
      Session.Runner runner = session.runner().addTarget(trainStep).feed(learningRateInput, rate);
      for (int i = 0; i < sums.length; i++) {
        float[] values = new float[sums[i].length];
        for (int j = 0; j < values.length; j++) {
          values[j] = (float) sums[i][j];
        }
        TFloat32 tensor =
            TFloat32.tensorOf(gradientInputs.get(i).shape(), DataBuffers.of(values, true, false));
        fed.add(tensor);
        runner.feed(gradientInputs.get(i), tensor);
      }
      runner.run().close();
    } finally {
      fed.forEach(TFloat32::close);
    }
  }

  private static float[] floats(Tensor tensor) {
    float[] values = new float[(int) tensor.shape().size()];
    tensor.asRawTensor().data().asFloats().read(values);
    return values;
  }

  static TInt64 idsOf(Batch batch) {
    long[] wide = new long[batch.ids().length];
    for (int i = 0; i < wide.length; i++) {
      wide[i] = batch.ids()[i];
    }
    return TInt64.tensorOf(
        Shape.of(batch.size(), batch.maxLength()), DataBuffers.of(wide, true, false));
  }

  private static TFloat32 labelsOf(Batch batch) {
    return TFloat32.tensorOf(Shape.of(batch.size()), DataBuffers.of(batch.labels(), true, false));
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }

  /**
   * How TensorFlow computes, not what: its thread pools (0 lets TensorFlow choose) and the
   * recurrent layers' implementation.
   */
  public record RunSettings(int intraOpThreads, int interOpThreads, RnnImplementation rnn) {
    /**
     * TensorFlow starts every thread of its pools at once: 100,000 of them hung the JVM for
     * minutes.
     */
    private static final int MAX_THREADS = 1024;

    /**
     * @throws InvalidSettingException for a thread count out of range
     */
    public RunSettings {
      Setting.requireBetween("intraOpThreads", intraOpThreads, 0, MAX_THREADS);
      Setting.requireBetween("interOpThreads", interOpThreads, 0, MAX_THREADS);
    }

    public static RunSettings defaults() {
      return new RunSettings(0, 0, RnnImplementation.LOOP);
    }

    ConfigProto toConfig() {
      return ConfigProto.newBuilder()
          .setIntraOpParallelismThreads(intraOpThreads)
          .setInterOpParallelismThreads(interOpThreads)
          .build();
    }
  }
}
