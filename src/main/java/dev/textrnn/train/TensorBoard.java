package dev.textrnn.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Keras's {@code TensorBoard} callback (keras/src/callbacks/tensorboard.py), written with
 * TensorFlow's own summary ops (CreateSummaryFileWriter, WriteScalarSummary, WriteGraphSummary,
 * FlushSummaryWriter) in Keras's layout: event files in {@code DIR/train} and {@code
 * DIR/validation}; after every epoch (step: the epoch counted from 0, as Keras) {@code epoch_loss},
 * {@code epoch_accuracy}, {@code epoch_keras_accuracy} in both and {@code epoch_learning_rate} in
 * train; with {@link UpdateFreq#BATCH}, after every step (step: the steps of the run so far, from
 * 1) {@code batch_loss}, {@code batch_accuracy}, {@code batch_keras_accuracy}, the epoch's running
 * means as Keras logs them; and the training graph once, at step 0. A resumed run adds files to the
 * same folders.
 */
public final class TensorBoard implements TrainingListener {
  /** Keras's {@code update_freq}: "epoch" or "batch". */
  public enum UpdateFreq {
    EPOCH,
    BATCH
  }

  /** TensorFlow's summary writer writes at least this often (tf.summary's default, 120 s). */
  private static final int FLUSH_MILLIS = 120_000;

  private static final int MAX_QUEUE = 10;

  private final Path logDir;
  private final UpdateFreq updateFreq;
  private FitModel model;
  private Writers writers;
  private int epoch;
  private int steps;

  public TensorBoard(Path logDir, UpdateFreq updateFreq) {
    this.logDir = logDir.toAbsolutePath();
    this.updateFreq = Objects.requireNonNull(updateFreq, "updateFreq");
  }

  @Override
  public void setModel(FitModel model) {
    this.model = model;
  }

  @Override
  public void runStarted() {
    close();
    writers = new Writers(logDir);
    writers.graph(model.graphDef().toByteArray());
  }

  @Override
  public void epochStarted(int epoch, int epochs, int steps) {
    this.epoch = epoch;
    this.steps = steps;
  }

  @Override
  public void batchFinished(int step, Metrics running, long elapsedNanos) {
    if (updateFreq == UpdateFreq.BATCH) {
      long globalStep = (long) (epoch - 1) * steps + step;
      writers.scalars(
          Writers.TRAIN,
          globalStep,
          Map.of(
              "batch_loss", running.loss(),
              "batch_accuracy", running.accuracy(),
              "batch_keras_accuracy", running.kerasAccuracy()));
    }
  }

  @Override
  public void epochFinished(EpochRecord record) {
    long step = record.epoch() - 1;
    Map<String, Double> train = new LinkedHashMap<>();
    train.put("epoch_loss", record.loss());
    train.put("epoch_accuracy", record.accuracy());
    train.put("epoch_keras_accuracy", record.kerasAccuracy());
    train.put("epoch_learning_rate", record.learningRate());
    writers.scalars(Writers.TRAIN, step, train);
    // Keras logs val_ figures only for a run that validates.
    if (!Double.isNaN(record.valLoss())) {
      Map<String, Double> validation = new LinkedHashMap<>();
      validation.put("epoch_loss", record.valLoss());
      validation.put("epoch_accuracy", record.valAccuracy());
      validation.put("epoch_keras_accuracy", record.valKerasAccuracy());
      writers.scalars(Writers.VALIDATION, step, validation);
    }
    writers.flush();
  }

  @Override
  public void epochAbandoned() {
    close();
  }

  @Override
  public void runFinished(List<EpochRecord> history) {
    close();
  }

  private void close() {
    if (writers != null) {
      writers.close();
      writers = null;
    }
  }

  /** The summary graph: a writer for train and one for validation, and the ops that write. */
  private static final class Writers implements AutoCloseable {
    static final int TRAIN = 0;
    static final int VALIDATION = 1;

    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TInt64> step;
    private final Placeholder<TString> tag;
    private final Placeholder<TFloat32> value;
    private final Placeholder<TString> graphDef;
    private final List<Op> writeScalar;
    private final Op writeGraph;
    private final List<Op> flush;
    private final List<Op> close;

    Writers(Path logDir) {
      Ops tf = Ops.create(graph);
      step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      tag = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      value = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      graphDef = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      List<Op> create = new ArrayList<>();
      List<Op> scalar = new ArrayList<>();
      List<Op> flushes = new ArrayList<>();
      List<Op> closes = new ArrayList<>();
      SummaryWriter trainWriter = null;
      for (String folder : List.of("train", "validation")) {
        Path dir = logDir.resolve(folder);
        SummaryWriter writer = tf.summary.summaryWriter(SummaryWriter.sharedName(dir.toString()));
        trainWriter = trainWriter == null ? writer : trainWriter;
        create.add(
            tf.summary.createSummaryFileWriter(
                writer,
                tf.constant(dir.toString()),
                tf.constant(MAX_QUEUE),
                tf.constant(FLUSH_MILLIS),
                tf.constant(".v2")));
        scalar.add(tf.summary.writeScalarSummary(writer, step, tag, value));
        flushes.add(tf.summary.flushSummaryWriter(writer));
        closes.add(tf.summary.closeSummaryWriter(writer));
      }
      writeScalar = List.copyOf(scalar);
      writeGraph = tf.summary.writeGraphSummary(trainWriter, step, graphDef);
      flush = List.copyOf(flushes);
      close = List.copyOf(closes);
      session = new Session(graph);
      try {
        Session.Runner runner = session.runner();
        create.forEach(runner::addTarget);
        runner.run().close();
      } catch (RuntimeException e) {
        session.close();
        graph.close();
        throw e;
      }
    }

    void scalars(int writer, long at, Map<String, Double> values) {
      try (TInt64 stepTensor = TInt64.scalarOf(at)) {
        for (Map.Entry<String, Double> e : values.entrySet()) {
          try (TString tagTensor = TString.scalarOf(e.getKey());
              TFloat32 valueTensor = TFloat32.scalarOf(e.getValue().floatValue())) {
            session
                .runner()
                .feed(step, stepTensor)
                .feed(tag, tagTensor)
                .feed(value, valueTensor)
                .addTarget(writeScalar.get(writer))
                .run()
                .close();
          }
        }
      }
    }

    void graph(byte[] serialized) {
      try (TInt64 stepTensor = TInt64.scalarOf(0);
          TString graphTensor = TString.tensorOfBytes(NdArrays.scalarOfObject(serialized))) {
        session
            .runner()
            .feed(step, stepTensor)
            .feed(graphDef, graphTensor)
            .addTarget(writeGraph)
            .run()
            .close();
      }
    }

    void flush() {
      Session.Runner runner = session.runner();
      flush.forEach(runner::addTarget);
      runner.run().close();
    }

    @Override
    public void close() {
      try {
        Session.Runner runner = session.runner();
        close.forEach(runner::addTarget);
        runner.run().close();
      } finally {
        session.close();
        graph.close();
      }
    }
  }
}
