package dev.textrnn.data;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times {@link ImdbDataset#read} on one archive: labelled splits only, then with unsup. Run by
 * {@code tools/bench-read FILE [ROUNDS]}; the first round includes JIT warm-up. Prints wall time
 * and the process's CPU time (all threads, JIT and GC included), which is steadier on a shared
 * machine; last, {@code read_first_seconds} and {@code read_median_seconds} of the labelled reads,
 * for {@code tools/bench}.
 */
public final class ReadBenchmark {

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: ReadBenchmark FILE [ROUNDS]");
      System.exit(2);
    }
    Path archive = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double[] labelledSeconds = new double[rounds];
    for (boolean unsup : new boolean[] {false, true}) {
      for (int round = 1; round <= rounds; round++) {
        long start = System.nanoTime();
        long cpuStart = os.getProcessCpuTime();
        ImdbDataset data = ImdbDataset.read(archive, unsup);
        long ms = (System.nanoTime() - start) / 1_000_000;
        long cpuMs = (os.getProcessCpuTime() - cpuStart) / 1_000_000;
        if (!unsup) {
          labelledSeconds[round - 1] = ms / 1000.0;
        }
        System.out.printf(
            "%s round %d: %,d ms wall, %,d ms cpu (train %,d, test %,d, unsup %s)%n",
            unsup ? "all     " : "labelled",
            round,
            ms,
            cpuMs,
            data.train().size(),
            data.test().size(),
            unsup ? String.format("%,d", data.unsup().size()) : "not read");
      }
    }
    System.out.printf(Locale.ROOT, "read_first_seconds %.3f%n", labelledSeconds[0]);
    Arrays.sort(labelledSeconds);
    System.out.printf(Locale.ROOT, "read_median_seconds %.3f%n", labelledSeconds[rounds / 2]);
  }
}
