package dev.textrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.textrnn.data.TestData;
import dev.textrnn.io.FileTree;
import dev.textrnn.io.Tmpfs;
import dev.textrnn.model.Architecture;
import dev.textrnn.model.CellType;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.serving.TestModels;
import dev.textrnn.text.TextVectorization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs on real read-only and full file systems (small tmpfs mounts): refused before any training
 * when they cannot be written, and a write that fails anyway is one line that says why, how much
 * space it needs, and what still holds the work.
 */
class OutputLocationsTest {
  /** The quickest real run: one epoch over 100 reviews of each split. */
  private static final List<String> TINY_RUN =
      List.of("--subset", "100", "--epochs", "1", "--validation-steps", "1");

  private static final TextVectorization VOCABULARY =
      TextVectorization.builder()
          .maxTokens(40)
          .adaptStrings(
              IntStream.range(0, 60).mapToObj(i -> ("word" + i + " ").repeat(i + 1)).toList());

  @TempDir Path dir;
  private final List<Tmpfs> mounts = new ArrayList<>();

  @AfterEach
  void unmount() throws Exception {
    for (Tmpfs mount : mounts) {
      mount.close();
    }
  }

  @Test
  void anExportToAReadOnlyFileSystemSaysSo() throws Exception {
    Path readOnly = mount("ro", "1m").readOnly().path();
    Path checkpoint = checkpoint(ModelConfig.of(Architecture.DEFAULT, CellType.LSTM, 40));

    CommandRun export =
        CommandRun.of(
            "export", "--checkpoint", checkpoint.toString(), "--out", readOnly + "/model");

    assertFailed(
        "export: --out "
            + readOnly
            + "/model: "
            + readOnly
            + " is on a read-only file system; choose another path",
        export);
  }

  /** Each output, in turn, on a read-only file system: refused before the archive is read. */
  @Test
  void trainRefusesAnOutputThatCannotBeWrittenBeforeItTrains() throws Exception {
    Path readOnly = mount("ro", "1m").readOnly().path();
    for (String flag : List.of("--out", "--graphs", "--checkpoint")) {
      List<String> args = train("--out", "model", "--graphs", "graphs", "--checkpoint", "c");
      args.set(args.indexOf(flag) + 1, readOnly + "/" + flag.substring(2));

      CommandRun run = CommandRun.of(args.toArray(String[]::new));

      assertFailed(
          "train: "
              + flag
              + " "
              + readOnly
              + "/"
              + flag.substring(2)
              + ": "
              + readOnly
              + " is on a read-only file system; choose another path",
          run);
      assertEquals(List.of("/", "ro/"), FileTree.snapshot(dir), "nothing written beside it");
    }
  }

  @Test
  void anExportToAFullDiskSaysHowMuchItNeedsAndKeepsTheOldModel() throws Exception {
    Path full = mount("full", "300k").path();
    Path model = full.resolve("model");
    TestModels.export(
        TestModels.TINY.withVocabularySize(VOCABULARY.vocabularySize()), 1, VOCABULARY, model);
    List<String> oldModel = FileTree.snapshot(full);
    Path checkpoint = checkpoint(ModelConfig.tutorial().withVocabularySize(40));

    CommandRun export =
        CommandRun.of("export", "--checkpoint", checkpoint.toString(), "--out", model.toString());

    double needed =
        neededMegabytes(export, "export: --out " + model + ": no space left on " + full);
    assertEquals(2, export.exitCode());
    assertEquals(oldModel, FileTree.snapshot(full), "the old model, and nothing beside it");
    Path elsewhere = dir.resolve("model");
    assertEquals(
        0,
        CommandRun.of(
                "export", "--checkpoint", checkpoint.toString(), "--out", elsewhere.toString())
            .exitCode());
    assertEquals(megabytes(elsewhere), needed, 0.1, "the space the model takes");
  }

  @Test
  void aCheckpointThatDoesNotFitStopsTheRunAfterItsEpoch() throws Exception {
    Path full = mount("full", "300k").path();
    Path checkpoint = full.resolve("c");

    CommandRun run =
        CommandRun.of(
            train("--checkpoint", checkpoint.toString(), "--out", "model", "--graphs", "graphs")
                .toArray(String[]::new));

    double needed =
        neededMegabytes(run, "train: --checkpoint " + checkpoint + ": no space left on " + full);
    assertTrue(
        run.err().endsWith(" MB needed; the run stopped, and the folder is as it was\n"),
        run.err());
    assertTrue(needed > 0.3, "more than the disk holds: " + needed);
    assertTrue(run.out().contains("Epoch 1/1"), "after the epoch: " + run.out());
    assertEquals(List.of("/"), FileTree.snapshot(full), "no partial checkpoint, no lock left");
  }

  /** The trained weights are in the checkpoint: the export that the message names recovers them. */
  @Test
  void aModelThatDoesNotFitAtTheEndNamesWhatRecoversIt() throws Exception {
    Path full = mount("full", "300k").path();
    Path model = full.resolve("model");
    Path checkpoint = dir.resolve("c");

    CommandRun run =
        CommandRun.of(
            train("--out", model.toString(), "--checkpoint", "c", "--graphs", "graphs")
                .toArray(String[]::new));

    neededMegabytes(run, "train: --out " + model + ": no space left on " + full);
    assertTrue(
        run.err()
            .endsWith(
                " MB needed; the checkpoint "
                    + checkpoint
                    + " holds the trained weights: export --checkpoint "
                    + checkpoint
                    + " --out DIR recovers them\n"),
        run.err());
    assertEquals(List.of("/"), FileTree.snapshot(full));
    Path recovered = dir.resolve("recovered");
    assertEquals(
        0,
        CommandRun.of(
                "export", "--checkpoint", checkpoint.toString(), "--out", recovered.toString())
            .exitCode());
  }

  /** The SavedModel is written first: graphs that do not fit lose only themselves. */
  @Test
  void graphsThatDoNotFitComeAfterTheSavedModel() throws Exception {
    Path full = mount("full", "300k").fillLeaving(8 * 1024).path();
    Path graphs = full.resolve("graphs");
    Path model = dir.resolve("model");

    CommandRun run =
        CommandRun.of(
            train("--graphs", graphs.toString(), "--out", "model", "--checkpoint", "c")
                .toArray(String[]::new));

    neededMegabytes(run, "train: --graphs " + graphs + ": no space left on " + full);
    assertTrue(run.err().endsWith(" MB needed; the SavedModel is in " + model + "\n"), run.err());
    assertTrue(Files.isRegularFile(model.resolve("saved_model.pb")), "the SavedModel was written");
  }

  private Tmpfs mount(String name, String size) throws Exception {
    Tmpfs mount = Tmpfs.mount(dir.resolve(name), size);
    mounts.add(mount);
    return mount;
  }

  /** A checkpoint of the config after one epoch, in {@code dir/checkpoint}. */
  private Path checkpoint(ModelConfig config) throws IOException {
    Path checkpoint = dir.resolve("checkpoint");
    TestCheckpoints.write(checkpoint, TestCheckpoints.quickRecipe(config), null, VOCABULARY);
    return checkpoint;
  }

  /** A tiny train run on the real archive, its outputs resolved against {@code dir}. */
  private List<String> train(String... outputs) {
    List<String> args = new ArrayList<>(List.of("train", "--data", TestData.archive().toString()));
    args.addAll(TINY_RUN);
    for (int i = 0; i < outputs.length; i += 2) {
      args.add(outputs[i]);
      args.add(dir.resolve(outputs[i + 1]).toString());
    }
    return args;
  }

  private static void assertFailed(String message, CommandRun run) {
    assertEquals(message + "\n", run.err());
    assertEquals(2, run.exitCode());
    assertEquals("", run.out());
  }

  /** The N of the run's one line {@code PREFIX, N MB needed…}, and that the run failed. */
  private static double neededMegabytes(CommandRun run, String prefix) {
    Matcher matcher =
        Pattern.compile(Pattern.quote(prefix) + ", ([0-9]+\\.[0-9]) MB needed[^\n]*\n")
            .matcher(run.err());
    assertTrue(matcher.matches(), "one line starting with " + prefix + ": " + run.err());
    assertEquals(2, run.exitCode());
    return Double.parseDouble(matcher.group(1));
  }

  private static double megabytes(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      long bytes = 0;
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        bytes += Files.size(file);
      }
      return bytes / 1e6;
    }
  }
}
