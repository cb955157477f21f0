package dev.textrnn.train;

import dev.textrnn.data.Batch;
import dev.textrnn.data.Batches;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.model.RnnImplementation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Where one training step's time goes, for the performance page: runs the forward and backward pass
 * of a real IMDB batch (the first of the run's epoch after WARM_UP untraced steps) with
 * TensorFlow's full trace ({@code RunOptions.TraceLevel.FULL_TRACE}) and sums the trace's ops by op
 * type and by where they run (forward loop, backward loop, outside the loops): how many ops
 * executed, how many per loop step, and their summed wall time. Tracing slows every op, so the
 * figures are shares, not timings; the untraced step's time is printed beside them.
 *
 * <p>Usage: {@code StepProfile ARCHIVE default|stacked WARM_UP [loop|fused]}.
 */
public final class StepProfile {
  private StepProfile() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3 || args.length > 4) {
      System.err.println("usage: StepProfile ARCHIVE default|stacked WARM_UP [loop|fused]");
      System.exit(2);
    }
    int warmUp = Integer.parseInt(args[2]);
    RnnImplementation rnn =
        args.length == 4
            ? RnnImplementation.valueOf(args[3].toUpperCase(Locale.ROOT))
            : RnnImplementation.LOOP;
    TrainStepBenchmark.Prepared data = TrainStepBenchmark.prepare(Path.of(args[0]));
    ModelConfig config =
        TrainStepBenchmark.model(args[1]).withVocabularySize(data.vocabularySize());
    Iterator<Batch> epoch =
        Batches.shuffled(data.examples(), TrainStepBenchmark.SEED, 0).iterator();
    List<Batch> batches = new ArrayList<>();
    for (int step = 0; step <= warmUp; step++) {
      batches.add(epoch.next());
    }
    Batch traced = batches.get(warmUp);
    try (TrainingGraph graph =
        new TrainingGraph(
            config, 1e-4f, TrainStepBenchmark.SEED, new TrainingGraph.RunSettings(0, 0, rnn))) {
      TrainStepBenchmark.Timing untraced =
          TrainStepBenchmark.time(graph, config, batches.subList(0, warmUp + 1), warmUp);
      RunOptions options =
          RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
      RunMetadata metadata;
      long start = System.nanoTime();
      try (TInt64 ids = TrainingGraph.idsOf(traced);
          TFloat32 labels = TFloat32.vectorOf(traced.labels());
          TFloat32 rate = TFloat32.scalarOf((float) config.dropoutRate());
          TInt64 seed = TInt64.vectorOf(TrainStepBenchmark.SEED, warmUp)) {
        Session.Runner runner =
            graph
                .session()
                .runner()
                .feed("ids", ids)
                .feed("labels", labels)
                .feed("dropout_rate", rate)
                .feed("dropout_seed", seed)
                .setOptions(options);
        graph.gradients().forEach(runner::fetch);
        try (Result result = runner.runAndFetchMetadata()) {
          metadata = result.getMetadata().orElseThrow();
        }
      }
      double tracedMillis = (System.nanoTime() - start) / 1e6;
      print(traced, untraced.meanMillis(), tracedMillis, metadata);
    }
  }

  private static void print(
      Batch batch, double untracedMillis, double tracedMillis, RunMetadata metadata) {
    Map<String, long[]> byKey = new HashMap<>(); // place|type → [count, µs]
    Map<String, long[]> byPlace = new HashMap<>();
    long totalMicros = 0;
    for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        String name = node.getNodeName();
        String label = node.getTimelineLabel();
        int eq = label.indexOf(" = ");
        int paren = label.indexOf('(', Math.max(eq, 0));
        String type =
            eq >= 0 && paren > eq ? label.substring(eq + 3, paren) : name.replaceAll(".*/", "");
        String place =
            name.contains("rnn_forward")
                ? "forward loop"
                : name.contains("rnn_backward") ? "backward loop" : "outside the loops";
        long micros = node.getAllEndRelMicros();
        totalMicros += micros;
        add(byKey, place + "|" + type, micros);
        add(byPlace, place, micros);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "batch: %d rows, longest %d, %d tokens; step untraced %.1f ms, traced %.1f ms; op time"
            + " summed over both cores %.1f ms%n",
        batch.size(),
        batch.maxLength(),
        java.util.Arrays.stream(batch.lengths()).sum(),
        untracedMillis,
        tracedMillis,
        totalMicros / 1e3);
    long total = totalMicros;
    System.out.println("| where | ops run | op time, share |");
    System.out.println("|---|---|---|");
    byPlace.entrySet().stream()
        .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[1]))
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT,
                    "| %s | %,d (%.0f per loop step) | %.1f%% |%n",
                    e.getKey(),
                    e.getValue()[0],
                    e.getValue()[0] / (double) batch.maxLength(),
                    100.0 * e.getValue()[1] / total));
    System.out.println();
    System.out.println("| where | op type | ops run | per loop step | µs each | op time, share |");
    System.out.println("|---|---|---|---|---|---|");
    byKey.entrySet().stream()
        .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[1]))
        .filter(e -> 100.0 * e.getValue()[1] / total >= 0.5)
        .forEach(
            e -> {
              String[] key = e.getKey().split("\\|");
              long[] v = e.getValue();
              System.out.printf(
                  Locale.ROOT,
                  "| %s | %s | %,d | %.1f | %.1f | %.1f%% |%n",
                  key[0],
                  key[1],
                  v[0],
                  v[0] / (double) batch.maxLength(),
                  v[1] / (double) v[0],
                  100.0 * v[1] / total);
            });
  }

  private static void add(Map<String, long[]> sums, String key, long micros) {
    long[] sum = sums.computeIfAbsent(key, k -> new long[2]);
    sum[0]++;
    sum[1] += micros;
  }
}
