package dev.textrnn.train;

import dev.textrnn.data.Batch;
import dev.textrnn.data.Batches;
import dev.textrnn.data.Example;
import dev.textrnn.data.ImdbDataset;
import dev.textrnn.data.Review;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.model.RnnImplementation;
import dev.textrnn.text.Standardize;
import dev.textrnn.text.TextVectorization;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Times training steps (forward, backward, Adam) on real IMDB batches, for {@code tools/bench}. It
 * prepares the data as a training run does (read, adapt, encode, shuffle, batch), so its peak
 * resident memory is that of a training run; it writes the batches it timed, for Keras to time the
 * same ones.
 *
 * <p>Usage: {@code TrainStepBenchmark ARCHIVE default|stacked WARM_UP STEPS [BATCH_FILE|- [INTRA
 * INTER [loop|fused]]]}, INTRA and INTER being TensorFlow's thread pool sizes (default 0 0:
 * TensorFlow chooses), then the recurrent layers' implementation (default loop). Prints {@code key
 * value} lines: {@code train_step_median_ms}, {@code train_step_mean_ms}, {@code peak_rss_mib}.
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
    ModelConfig model =
        switch (args[1]) {
          case "default" -> ModelConfig.tutorial();
          case "stacked" -> ModelConfig.stacked();
          default ->
              throw new IllegalArgumentException(
                  "model must be default or stacked, got " + args[1]);
        };
    int warmUp = Integer.parseInt(args[2]);
    int steps = Integer.parseInt(args[3]);

    List<Review> reviews =
        TextOrderTest.inRunOrder(ImdbDataset.read(Path.of(args[0]), false).train(), 0, SEED);
    List<byte[]> texts = reviews.stream().map(Review::text).toList();
    TextVectorization vectorizer =
        TextVectorization.adapt(texts, 1000, Standardize.LOWER_AND_STRIP_PUNCTUATION);
    List<Example> examples =
        reviews.stream().map(r -> new Example(vectorizer.encode(r.text()), r.label())).toList();
    List<Batch> batches = new ArrayList<>();
    Iterator<Batch> epoch = Batches.shuffled(examples, SEED, 0).iterator();
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

    ModelConfig config = model.withVocabularySize(vectorizer.vocabularySize());
    double[] millis = new double[steps];
    try (TrainingGraph graph = new TrainingGraph(config, 1e-4f, SEED, settings)) {
      for (int step = 0; step < batches.size(); step++) {
        long start = System.nanoTime();
        graph.train(batches.get(step), (float) config.dropoutRate(), step);
        if (step >= warmUp) {
          millis[step - warmUp] = (System.nanoTime() - start) / 1e6;
        }
      }
    }
    double mean = Arrays.stream(millis).average().orElseThrow();
    Arrays.sort(millis);
    System.out.printf(Locale.ROOT, "train_step_median_ms %.1f%n", millis[steps / 2]);
    System.out.printf(Locale.ROOT, "train_step_mean_ms %.1f%n", mean);
    System.out.printf(Locale.ROOT, "peak_rss_mib %d%n", peakRssMib());
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
