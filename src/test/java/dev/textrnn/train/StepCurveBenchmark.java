package dev.textrnn.train;

import dev.textrnn.data.Batch;
import dev.textrnn.data.Example;
import dev.textrnn.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The cost curve of a training step, for {@code tools/bench-curve}: step time against the longest
 * row (batches of 64 whose longest row has 100, 250, 500, 1,000 or 2,000 tokens) and against the
 * batch size (32, 64, 128, 256 rows, longest row 500 tokens). One training graph times every point;
 * each point's batches are written to {@code OUT_DIR/rows_B_longest_L.bin} for Keras to time the
 * same ones.
 *
 * <p>A point's batches take the training reviews in the run's order, each cut to its first L
 * tokens, with a review of at least L tokens as the first row: the longest row is L, the others
 * keep IMDB's spread of lengths (their padding costs Keras, not the loops).
 *
 * <p>Usage: {@code StepCurveBenchmark ARCHIVE default|stacked WARM_UP STEPS OUT_DIR}. Prints {@code
 * curve_rows_B_longest_L_median_ms} and {@code curve_rows_B_longest_L_gflops} per point.
 */
public final class StepCurveBenchmark {
  static final int[] LONGEST = {100, 250, 500, 1000, 2000};
  static final int[] ROWS = {32, 64, 128, 256};
  static final int CURVE_ROWS = 64;
  static final int CURVE_LONGEST = 500;

  private StepCurveBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      System.err.println("usage: StepCurveBenchmark ARCHIVE default|stacked WARM_UP STEPS OUT_DIR");
      System.exit(2);
    }
    int warmUp = Integer.parseInt(args[2]);
    int steps = Integer.parseInt(args[3]);
    Path out = Path.of(args[4]);
    TrainStepBenchmark.Prepared data = TrainStepBenchmark.prepare(Path.of(args[0]));
    ModelConfig config =
        TrainStepBenchmark.model(args[1]).withVocabularySize(data.vocabularySize());
    List<int[]> points = new ArrayList<>();
    for (int longest : LONGEST) {
      points.add(new int[] {CURVE_ROWS, longest});
    }
    for (int rows : ROWS) {
      if (rows != CURVE_ROWS) {
        points.add(new int[] {rows, CURVE_LONGEST});
      }
    }
    try (TrainingGraph graph =
        new TrainingGraph(
            config, 1e-4f, TrainStepBenchmark.SEED, TrainingGraph.RunSettings.defaults())) {
      for (int[] point : points) {
        int rows = point[0];
        int longest = point[1];
        List<Batch> batches = batches(data.examples(), rows, longest, warmUp + steps);
        String name = "rows_" + rows + "_longest_" + longest;
        TrainStepBenchmark.write(batches, out.resolve(name + ".bin"));
        TrainStepBenchmark.Timing timing = TrainStepBenchmark.time(graph, config, batches, warmUp);
        System.out.printf(Locale.ROOT, "curve_%s_median_ms %.1f%n", name, timing.medianMillis());
        System.out.printf(Locale.ROOT, "curve_%s_gflops %.2f%n", name, timing.gflops());
      }
    }
  }

  /** count batches of {@code rows} reviews, each cut to {@code longest} tokens (see above). */
  static List<Batch> batches(List<Example> examples, int rows, int longest, int count) {
    List<Batch> batches = new ArrayList<>();
    int next = 0;
    int nextLong = 0;
    while (batches.size() < count) {
      List<Example> batch = new ArrayList<>();
      while (examples.get(nextLong % examples.size()).length() < longest) {
        nextLong++;
      }
      batch.add(cut(examples.get(nextLong++ % examples.size()), longest));
      while (batch.size() < rows) {
        batch.add(cut(examples.get(next++ % examples.size()), longest));
      }
      batches.add(Batch.of(batch));
    }
    return batches;
  }

  private static Example cut(Example example, int longest) {
    int[] ids = example.ids();
    return ids.length <= longest
        ? example
        : new Example(Arrays.copyOf(ids, longest), example.label());
  }
}
