package dev.textrnn.text;

import com.sun.management.OperatingSystemMXBean;
import dev.textrnn.data.ImdbDataset;
import dev.textrnn.data.Review;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times {@link TextVectorization#adapt} (max_tokens 1000, the defaults) on the 25,000 IMDB training
 * reviews, for tools/bench-adapt. Usage: {@code AdaptBenchmark ARCHIVE [RUNS]}; five warm-up runs
 * come first (the JIT needs them), and the last lines are {@code adapt_median_seconds S} (wall
 * clock), {@code adapt_max_seconds S} (the slowest run, for tools/bench's worst-case speedup) and
 * {@code adapt_median_cpu_seconds S} (CPU time of the process, which a busy machine inflates less).
 */
public final class AdaptBenchmark {
  private static final int WARM_UP_RUNS = 5;

  private AdaptBenchmark() {}

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: AdaptBenchmark ARCHIVE [RUNS]");
      System.exit(2);
    }
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<byte[]> texts =
        ImdbDataset.read(Path.of(args[0]), false).train().stream().map(Review::text).toList();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double[] seconds = new double[runs];
    double[] cpuSeconds = new double[runs];
    for (int run = -WARM_UP_RUNS; run < runs; run++) {
      long start = System.nanoTime();
      long cpuStart = os.getProcessCpuTime();
      TextVectorization vectorizer =
          TextVectorization.adapt(texts, 1000, Standardize.LOWER_AND_STRIP_PUNCTUATION);
      double elapsed = (System.nanoTime() - start) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
      System.out.printf(
          "java adapt %s: %.3f s, %.3f s CPU (%d entries)%n",
          run < 0 ? "warm-up" : "run " + (run + 1), elapsed, cpu, vectorizer.vocabularySize());
      if (run >= 0) {
        seconds[run] = elapsed;
        cpuSeconds[run] = cpu;
      }
    }
    Arrays.sort(seconds);
    Arrays.sort(cpuSeconds);
    System.out.printf(Locale.ROOT, "adapt_median_seconds %.4f%n", seconds[runs / 2]);
    System.out.printf(Locale.ROOT, "adapt_max_seconds %.4f%n", seconds[runs - 1]);
    System.out.printf(Locale.ROOT, "adapt_median_cpu_seconds %.4f%n", cpuSeconds[runs / 2]);
  }
}
