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
import java.util.Set;
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
    killWhileIn(
        2,
        dir,
        checkpoint,
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
        "128");

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

  /**
   * With early stopping (restoring the best weights), the best model and the learning rate on a
   * plateau, a run killed in epoch 4 (after epoch 3 reduced the rate; its best epoch, 2, is kept in
   * the checkpoint) resumes to stop after epoch 4, as the uninterrupted run does, with its weights
   * and rates; and resuming the uninterrupted run's checkpoint, written as it stopped, ends at once
   * with the same weights.
   */
  @Test
  void aKilledRunWithCallbacksStopsAtTheSameEpochWithTheSameWeights(@TempDir Path dir)
      throws Exception {
    TrainingRun.Recipe recipe =
        TrainingRun.Recipe.builder()
            .maxTokens(300)
            .epochs(6)
            .batchSize(32)
            .seed(5)
            .validationSteps(2)
            .learningRate(1e-2f)
            .subset(128)
            .callbacks(
                List.of(
                    EarlyStopping.Settings.patience(2).withRestoreBestWeights(true),
                    ReduceLrOnPlateau.Settings.defaults().withPatience(1).withFactor(0.5),
                    new BestModel.Settings("val_loss")))
            .build();
    TrainingRun.Result uninterrupted =
        TrainingRun.run(
            recipe, setup(dir.resolve("a")), QUIET, new PlainProgress(QUIET), new StopRequest());
    List<EpochRecord> epochs = uninterrupted.history().epochs();
    assertEquals(4, epochs.size(), "stops early, after epoch 4 of 6");
    assertEquals(0.005f, (float) epochs.get(3).learningRate(), "reduced after epoch 3");

    Path checkpoint = dir.resolve("b");
    killWhileIn(
        4,
        dir,
        checkpoint,
        "--max-tokens",
        "300",
        "--epochs",
        "6",
        "--batch-size",
        "32",
        "--seed",
        "5",
        "--validation-steps",
        "2",
        "--learning-rate",
        "1e-2",
        "--subset",
        "128",
        "--early-stopping-patience",
        "2",
        "--restore-best-weights",
        "--reduce-lr-on-plateau",
        "--reduce-lr-patience",
        "1",
        "--reduce-lr-factor",
        "0.5",
        "--save-best-only");
    assertEquals(recipe, Checkpoint.readState(checkpoint).recipe());
    assertEquals(
        Set.of(2), Checkpoint.readKept(checkpoint, uninterrupted.model()).keySet(), "the best");

    for (Path folder : List.of(checkpoint, dir.resolve("a"))) {
      TrainingRun.Result resumed =
          TrainingRun.resume(setup(folder), QUIET, new PlainProgress(QUIET), new StopRequest());
      assertEquals(epochs.size(), resumed.history().epochs().size(), folder.toString());
      for (int i = 0; i < epochs.size(); i++) {
        assertEquals(
            epochs.get(i).learningRate(), resumed.history().epochs().get(i).learningRate());
        assertEquals(epochs.get(i).valLoss(), resumed.history().epochs().get(i).valLoss());
      }
      for (Map.Entry<String, double[]> e : uninterrupted.weights().entrySet()) {
        assertArrayEquals(e.getValue(), resumed.weights().get(e.getKey()), e.getKey());
      }
      assertEquals(uninterrupted.test().loss(), resumed.test().loss());
    }
  }

  /**
   * Runs train with the arguments in another JVM, killed with SIGKILL at the second progress line
   * of epoch {@code epoch}: the epochs before it are checkpointed, and that one half done.
   */
  private static void killWhileIn(int epoch, Path dir, Path checkpoint, String... arguments)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.textrnn.cli.TextRnnCli",
                "train",
                "--data",
                TestData.archive().toString(),
                "--checkpoint",
                checkpoint.toString(),
                "--out",
                dir.resolve("model").toString(),
                "--graphs",
                dir.resolve("graphs").toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean inEpoch = false;
      while ((line = lines.readLine()) != null) {
        output.add(line);
        if (line.startsWith("Epoch " + epoch + "/")) {
          inEpoch = true;
        } else if (inEpoch && line.startsWith("2/")) {
          process.destroyForcibly();
          break;
        }
      }
    }
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(137, process.exitValue(), "killed by SIGKILL; output: " + output);
    assertEquals(epoch - 1, Checkpoint.readState(checkpoint).epoch());
  }

  private static TrainingRun.Setup setup(Path checkpoint) {
    return new TrainingRun.Setup(
        TestData.archive(), checkpoint, TrainingGraph.RunSettings.defaults());
  }
}
