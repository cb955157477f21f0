package dev.textrnn.train;

import com.sun.management.OperatingSystemMXBean;
import dev.textrnn.data.Batch;
import dev.textrnn.data.Batches;
import dev.textrnn.data.Example;
import dev.textrnn.data.ImdbDataset;
import dev.textrnn.data.Review;
import dev.textrnn.model.CellType;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.model.RnnImplementation;
import dev.textrnn.text.Standardize;
import dev.textrnn.text.TextVectorization;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Times training steps (forward, backward, Adam) on real IMDB batches, for {@code tools/bench}. It
 * prepares the data as a training run does (read, adapt, encode, shuffle, batch), so its peak
 * resident memory is that of a training run; it writes the batches it timed, for Keras to time the
 * same ones.
 *
 * <p>Usage: {@code TrainStepBenchmark ARCHIVE default|stacked WARM_UP STEPS [BATCH_FILE|- [INTRA
 * INTER [loop|fused]]]}, INTRA and INTER being TensorFlow's thread pool sizes (default 0 0:
 * TensorFlow chooses), then the recurrent layers' implementation (default loop). Prints {@code key
 * value} lines: {@code train_step_median_ms}, {@code train_step_mean_ms}, {@code train_step_gflops}
 * (counted FLOPs over time, see {@link #flops}), {@code matmul_peak_gflops} (a large MatMul in the
 * same process, see {@link #matMulPeakGflops}), {@code train_step_cpu_median_ms} (CPU time of the
 * process, all threads: the work a step costs, which another job on the machine inflates less than
 * its wall time), {@code peak_rss_mib}.
 */
public final class TrainStepBenchmark {
  static final long SEED = 42;

  private TrainStepBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 4 || args.length == 6 || args.length > 8) {
      System.err.println(
          "usage: TrainStepBenchmark ARCHIVE default|stacked WARM_UP STEPS [BATCH_FILE|- [INTRA INTER [loop|fused]]]");
      System.exit(2);
    }
    ModelConfig model = model(args[1]);
    int warmUp = Integer.parseInt(args[2]);
    int steps = Integer.parseInt(args[3]);

    Prepared data = prepare(Path.of(args[0]));
    List<Batch> batches = new ArrayList<>();
    Iterator<Batch> epoch = Batches.shuffled(data.examples(), SEED, 0).iterator();
    while (batches.size() < warmUp + steps) {
      batches.add(epoch.next());
    }
    if (args.length >= 5 && !args[4].equals("-")) {
      write(batches, Path.of(args[4]));
    }
    TrainingGraph.RunSettings settings =
        args.length >= 7
            ? new TrainingGraph.RunSettings(
                Integer.parseInt(args[5]),
                Integer.parseInt(args[6]),
                args.length == 8
                    ? RnnImplementation.valueOf(args[7].toUpperCase(Locale.ROOT))
                    : RnnImplementation.LOOP)
            : TrainingGraph.RunSettings.defaults();

    ModelConfig config = model.withVocabularySize(data.vocabularySize());
    try (TrainingGraph graph = new TrainingGraph(config, 1e-4f, SEED, settings)) {
      Timing timing = time(graph, config, batches, warmUp);
      System.out.printf(Locale.ROOT, "train_step_median_ms %.1f%n", timing.medianMillis());
      System.out.printf(Locale.ROOT, "train_step_mean_ms %.1f%n", timing.meanMillis());
      System.out.printf(Locale.ROOT, "train_step_gflops %.2f%n", timing.gflops());
      System.out.printf(Locale.ROOT, "train_step_cpu_median_ms %.1f%n", timing.medianCpuMillis());
    }
    System.out.printf(Locale.ROOT, "matmul_peak_gflops %.2f%n", matMulPeakGflops(settings));
    System.out.printf(Locale.ROOT, "peak_rss_mib %d%n", peakRssMib());
  }

  static ModelConfig model(String name) {
    return switch (name) {
      case "default" -> ModelConfig.tutorial();
      case "stacked" -> ModelConfig.stacked();
      default ->
          throw new IllegalArgumentException("model must be default or stacked, got " + name);
    };
  }

  /** The training reviews encoded as a training run encodes them, in the run's order. */
  record Prepared(List<Example> examples, int vocabularySize) {}

  static Prepared prepare(Path archive) throws IOException {
    List<Review> reviews =
        TextOrderTest.inRunOrder(ImdbDataset.read(archive, false).train(), 0, SEED);
    List<byte[]> texts = reviews.stream().map(Review::text).toList();
    TextVectorization vectorizer =
        TextVectorization.adapt(texts, 1000, Standardize.LOWER_AND_STRIP_PUNCTUATION);
    List<Example> examples =
        reviews.stream().map(r -> new Example(vectorizer.encode(r.text()), r.label())).toList();
    return new Prepared(examples, vectorizer.vocabularySize());
  }

  /**
   * Step times after the warm-up, and the rate of counted arithmetic over all timed steps: the sum
   * of their {@link #flops} over the sum of their times.
   */
  record Timing(double medianMillis, double meanMillis, double gflops, double medianCpuMillis) {}

  static Timing time(TrainingGraph graph, ModelConfig config, List<Batch> batches, int warmUp) {
    int steps = batches.size() - warmUp;
    double[] millis = new double[steps];
    double[] cpuMillis = new double[steps];
    double flops = 0;
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int step = 0; step < batches.size(); step++) {
      long start = System.nanoTime();
      long cpuStart = os.getProcessCpuTime();
      graph.train(batches.get(step), (float) config.dropoutRate(), step);
      if (step >= warmUp) {
        millis[step - warmUp] = (System.nanoTime() - start) / 1e6;
        cpuMillis[step - warmUp] = (os.getProcessCpuTime() - cpuStart) / 1e6;
        flops += flops(config, batches.get(step));
      }
    }
    double total = Arrays.stream(millis).sum();
    Arrays.sort(millis);
    Arrays.sort(cpuMillis);
    return new Timing(
        millis[steps / 2], total / steps, flops / (total / 1e3) / 1e9, cpuMillis[steps / 2]);
  }

  /**
   * The matrix-product FLOPs of one training step on a batch, counted over the positions the loops
   * compute (each row up to its length; padding costs no arithmetic, see TimeLayout). Per token,
   * per direction of a recurrent layer with G gates (4 for an LSTM, 3 for a GRU), u units and an
   * input of width in (the embedding, or 2·u of the layer below): the forward pass's x·K and h·R
   * take 2·G·u·(in + u); the backward pass takes twice that (the gradients of the inputs, dz·Kᵀ and
   * dz·Rᵀ, and of the weights, xᵀ·dz and hᵀ·dz). So 2 directions × 3 × 2·G·u·(in + u): 393,216 for
   * the tutorial's BiLSTM 64 over a 64-wide embedding. The gates' elementwise arithmetic, the
   * embedding and the dense head are left out (under 2% of the products).
   */
  static double flops(ModelConfig config, Batch batch) {
    long tokens = Arrays.stream(batch.lengths()).asLongStream().sum();
    int gates = config.cell() == CellType.LSTM ? 4 : 3;
    double perToken = 0;
    int inputs = config.embeddingDim();
    for (int units : config.recurrentUnits()) {
      perToken += 2 * 3 * 2.0 * gates * units * (inputs + units);
      inputs = 2 * units;
    }
    return perToken * tokens;
  }

  /**
   * The machine's reachable rate in this process and thread setting: the best of ten runs of one
   * 1024 × 1024 by 1024 × 1024 MatMul (2·1024³ FLOPs), fed so that nothing is folded away.
   */
  static double matMulPeakGflops(TrainingGraph.RunSettings settings) {
    int n = 1024;
    float[] ones = new float[n * n];
    Arrays.fill(ones, 1f);
    try (Graph graph = new Graph();
        TFloat32 a = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(ones, true, false))) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
      Placeholder<TFloat32> y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
      Operand<TFloat32> product = tf.linalg.matMul(x, y);
      try (Session session = new Session(graph, settings.toConfig())) {
        double best = Double.MAX_VALUE;
        for (int run = 0; run < 12; run++) {
          long start = System.nanoTime();
          session.runner().feed(x, a).feed(y, a).addTarget(product).run().close();
          if (run >= 2) {
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
          }
        }
        return 2.0 * n * n * n / best / 1e9;
      }
    }
  }

  /**
   * The batches as little-endian binary: int32 count, then per batch int32 rows, int32 columns,
   * int32 ids (rows x columns, row-major, 0-padded) and float32 labels (rows).
   */
  static void write(List<Batch> batches, Path file) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      out.write(littleEndian(4).putInt(batches.size()).array());
      for (Batch batch : batches) {
        ByteBuffer bytes = littleEndian(8 + 4 * batch.ids().length + 4 * batch.size());
        bytes.putInt(batch.size()).putInt(batch.maxLength());
        bytes.asIntBuffer().put(batch.ids());
        bytes.position(bytes.position() + 4 * batch.ids().length);
        bytes.asFloatBuffer().put(batch.labels());
        out.write(bytes.array());
      }
    }
  }

  private static ByteBuffer littleEndian(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * VmHWM of this process: the most resident memory it has had, native TensorFlow memory included.
   */
  static long peakRssMib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    throw new IOException("/proc/self/status has no VmHWM line");
  }
}
