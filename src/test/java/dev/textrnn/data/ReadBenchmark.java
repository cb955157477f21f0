package dev.textrnn.data;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * Times {@link ImdbDataset#read} on one archive: labelled splits only, then with unsup. Run by
 * {@code tools/bench-read FILE [ROUNDS]}; the first round includes JIT warm-up. Prints wall time and the
 * process's CPU time (all threads, JIT and GC included), which is steadier on a shared machine.
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
        for (boolean unsup : new boolean[] {false, true}) {
            for (int round = 1; round <= rounds; round++) {
                long start = System.nanoTime();
                long cpuStart = os.getProcessCpuTime();
                ImdbDataset data = ImdbDataset.read(archive, unsup);
                long ms = (System.nanoTime() - start) / 1_000_000;
                long cpuMs = (os.getProcessCpuTime() - cpuStart) / 1_000_000;
                System.out.printf("%s round %d: %,d ms wall, %,d ms cpu (train %,d, test %,d, unsup %s)%n",
                        unsup ? "all     " : "labelled", round, ms, cpuMs, data.train().size(), data.test().size(),
                        unsup ? String.format("%,d", data.unsup().size()) : "not read");
            }
        }
    }
}
