package dev.textrnn.train;

import dev.textrnn.data.Batch;
import dev.textrnn.model.Dropout;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.model.Parameter;
import dev.textrnn.model.ParameterValues;
import dev.textrnn.model.RnnImplementation;
import dev.textrnn.model.TextClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
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
  private final Graph graph = new Graph();
  private final Session session;
  private final TextClassifier<TFloat32> model;
  private final Placeholder<TInt64> ids;
  private final Placeholder<TFloat32> labels;
  private final PlaceholderWithDefault<TFloat32> dropoutRate;
  private final PlaceholderWithDefault<TInt64> dropoutSeed;
  private final Output<TFloat32> logits;
  private final Output<TFloat32> loss;
  private final Op trainStep;
  private final ParameterValues<TFloat32> values;
  private final long seed;

  public TrainingGraph(ModelConfig config, float learningRate, long seed, RunSettings settings) {
    Ops tf = Ops.create(graph);
    this.seed = seed;
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
    Map<Parameter<TFloat32>, Output<TFloat32>> gradients = forward.gradients(tf, loss);
    List<GradAndVar<? extends TType>> pairs = new ArrayList<>();
    gradients.forEach((p, g) -> pairs.add(new GradAndVar<>(g, p.variable().asOutput())));
    trainStep = new KerasAdam(graph, learningRate).applyGradients(pairs, "train_step");
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

  /**
   * One optimizer step on a batch; returns the loss and logits computed before the update. The
   * dropout mask is drawn from (the graph's seed, {@code step}), so a resumed run repeats exactly.
   */
  public StepResult train(Batch batch, float dropout, long step) {
    try (TInt64 idTensor = idsOf(batch);
        TFloat32 labelTensor = labelsOf(batch);
        TFloat32 rate = TFloat32.scalarOf(dropout);
        TInt64 seed = TInt64.vectorOf(this.seed, step);
        Result result =
            session
                .runner()
                .feed(ids, idTensor)
                .feed(labels, labelTensor)
                .feed(dropoutRate, rate)
                .feed(dropoutSeed, seed)
                .addTarget(trainStep)
                .fetch(loss)
                .fetch(logits)
                .run()) {
      return StepResult.of(model.head(), batch, (TFloat32) result.get(0), (TFloat32) result.get(1));
    }
  }

  /** Loss and logits without updating anything (dropout off). */
  public StepResult evaluate(Batch batch) {
    try (TInt64 idTensor = idsOf(batch);
        TFloat32 labelTensor = labelsOf(batch);
        Result result =
            session
                .runner()
                .feed(ids, idTensor)
                .feed(labels, labelTensor)
                .fetch(loss)
                .fetch(logits)
                .run()) {
      return StepResult.of(model.head(), batch, (TFloat32) result.get(0), (TFloat32) result.get(1));
    }
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
