package dev.textrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.textrnn.data.TestData;
import dev.textrnn.model.Architecture;
import dev.textrnn.model.CellType;
import dev.textrnn.model.ModelConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training killed with SIGKILL in the middle of an epoch, then resumed from its checkpoint, ends
 * with exactly the weights of an uninterrupted run with the same seed (the stacked model, so that
 * dropout is part of it).
 */
class ResumeTest {
  private static final TrainingRun.Recipe RECIPE =
      new TrainingRun.Recipe(
          ModelConfig.of(Architecture.STACKED, CellType.LSTM, 300),
          300,
          3,
          32,
          5,
          2,
          1e-3f,
          128,
          false,
          List.of());
  private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

  @Test
  void aKilledRunResumesToTheSameWeights(@TempDir Path dir) throws Exception {
    TrainingRun.Result uninterrupted =
        TrainingRun.run(
            RECIPE, setup(dir.resolve("a")), QUIET, new PlainProgress(QUIET), new StopRequest());

    Path checkpoint = dir.resolve("b");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.textrnn.cli.TextRnnCli",
                "train",
                "--data",
                TestData.archive().toString(),
                "--model",
                "stacked",
                "--max-tokens",
                "300",
                "--epochs",
                "3",
                "--batch-size",
                "32",
                "--seed",
                "5",
                "--validation-steps",
                "2",
                "--learning-rate",
                "1e-3",
                "--subset",
                "128",
                "--checkpoint",
                checkpoint.toString(),
                "--out",
                dir.resolve("model").toString(),
                "--graphs",
                dir.resolve("graphs").toString())
            .redirectErrorStream(true)
            .start();
    List<String> output = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      // Killed at the second progress line of epoch 2: its first epoch is checkpointed, its second
      // half done.
      boolean inSecondEpoch = false;
      while ((line = lines.readLine()) != null) {
        output.add(line);
        if (line.startsWith("Epoch 2/")) {
          inSecondEpoch = true;
        } else if (inSecondEpoch && line.startsWith("2/")) {
          process.destroyForcibly();
          break;
        }
      }
    }
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(137, process.exitValue(), "killed by SIGKILL; output: " + output);
    assertEquals(1, Checkpoint.readState(checkpoint).epoch());

    TrainingRun.Result resumed =
        TrainingRun.resume(
            new TrainingRun.Setup(
                TestData.archive(), checkpoint, TrainingGraph.RunSettings.defaults()),
            QUIET,
            new PlainProgress(QUIET),
            new StopRequest());

    assertEquals(3, resumed.history().epochs().size());
    for (Map.Entry<String, double[]> e : uninterrupted.weights().entrySet()) {
      assertArrayEquals(e.getValue(), resumed.weights().get(e.getKey()), e.getKey());
    }
    assertEquals(
        uninterrupted.history().epochs().get(2).loss(), resumed.history().epochs().get(2).loss());
  }

  private static TrainingRun.Setup setup(Path checkpoint) {
    return new TrainingRun.Setup(
        TestData.archive(), checkpoint, TrainingGraph.RunSettings.defaults());
  }
}
