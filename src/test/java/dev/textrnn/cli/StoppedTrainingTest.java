package dev.textrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.textrnn.data.TestData;
import dev.textrnn.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training run stopped by SIGTERM (kill, {@link Process#destroy()}) or SIGINT (Ctrl-C) in a child
 * JVM: it stops after the step under way, says in one line where its last complete epoch is and how
 * to continue, and exits as a shell reports the signal (143, 130); the line's command then resumes
 * it.
 */
class StoppedTrainingTest {
  /** 8 steps an epoch: a signal sent at an epoch's first line lands well inside it. */
  private static final List<String> RECIPE =
      List.of(
          "--max-tokens",
          "100",
          "--epochs",
          "3",
          "--batch-size",
          "16",
          "--subset",
          "128",
          "--validation-steps",
          "1");

  @TempDir Path dir;

  @Test
  void sigtermStopsAfterTheStepSavesNothingHalfAndTheRunResumes() throws Exception {
    Path checkpoint = dir.resolve("checkpoint");
    Process training = start(checkpoint);
    TextRnnProcess.awaitLine(training, "Epoch 2/3"::equals);
    training.destroy();

    String err = stderrOf(training);
    assertEquals(143, training.exitValue(), err);
    String continuation =
        "textrnn train --resume "
            + checkpoint
            + " --data "
            + TestData.archive()
            + " --out "
            + dir.resolve("model")
            + " --graphs "
            + dir.resolve("graphs");
    assertEquals(
        "train: stopped by SIGTERM; the last complete epoch (1 of 3) is in "
            + checkpoint
            + "; continue with: "
            + continuation
            + "\n",
        err);
    assertEquals(1, Checkpoint.readState(checkpoint).epoch());
    assertFalse(Files.exists(dir.resolve("model")));

    List<String> words = Arrays.asList(continuation.split(" "));
    int exitCode =
        TextRnnCli.commandLine().execute(words.subList(1, words.size()).toArray(String[]::new));

    assertEquals(0, exitCode);
    assertEquals(3, Checkpoint.readState(checkpoint).epoch());
    assertTrue(Files.exists(dir.resolve("model/saved_model.pb")));
  }

  @Test
  void sigintBeforeTheFirstEpochEndsSaysNothingWasSaved() throws Exception {
    Assumptions.assumeFalse(
        sigintIgnored(),
        "this JVM ignores SIGINT (a background job of a shell without job control), and so would"
            + " its child");
    Path checkpoint = dir.resolve("checkpoint");
    Process training = start(checkpoint);
    TextRnnProcess.awaitLine(training, "Epoch 1/3"::equals);
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(training.pid())).start();
    assertEquals(0, kill.waitFor());

    String err = stderrOf(training);
    assertEquals(130, training.exitValue(), err);
    assertEquals("train: stopped by SIGINT; no epoch completed, nothing saved\n", err);
    assertFalse(Files.exists(checkpoint));
  }

  private Process start(Path checkpoint) throws IOException {
    List<String> args = new ArrayList<>(List.of("train", "--data", TestData.archive().toString()));
    args.addAll(RECIPE);
    args.addAll(
        List.of(
            "--checkpoint",
            checkpoint.toString(),
            "--out",
            dir.resolve("model").toString(),
            "--graphs",
            dir.resolve("graphs").toString()));
    ProcessBuilder child = TextRnnProcess.command(List.of(), args.toArray(String[]::new));
    // TensorFlow's own errors too (oneDNN notices are of that level): the test reads our line.
    child.environment().put("TF_CPP_MIN_LOG_LEVEL", "3");
    return child.redirectError(dir.resolve("stderr.txt").toFile()).start();
  }

  /** The child's standard error once it ended, without TensorFlow's start-up notices. */
  private String stderrOf(Process process) throws Exception {
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "still running after the signal");
    return Files.readAllLines(dir.resolve("stderr.txt")).stream()
        .filter(
            line ->
                !line.startsWith("WARNING: All log messages before absl::InitializeLog")
                    && !line.contains("mlir_graph_optimization_pass.cc"))
        .map(line -> line + "\n")
        .reduce("", String::concat);
  }

  private static boolean sigintIgnored() throws IOException {
    String ignored =
        Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(line -> line.startsWith("SigIgn:"))
            .findFirst()
            .orElseThrow()
            .substring("SigIgn:".length())
            .strip();
    return (Long.parseLong(ignored, 16) & (1L << (2 - 1))) != 0;
  }
}
