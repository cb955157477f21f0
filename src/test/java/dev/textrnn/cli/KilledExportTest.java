package dev.textrnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.textrnn.io.FileTree;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.serving.Prediction;
import dev.textrnn.serving.SentimentModel;
import dev.textrnn.serving.TestModels;
import dev.textrnn.text.TextVectorization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code textrnn export} over an existing model, killed with SIGKILL at several moments of its
 * writing: the model folder always holds a complete model, the old one until the new one is in
 * place, and nothing half-written is ever where the model is expected.
 */
class KilledExportTest {
  /**
   * After the export starts writing: at once, then later and later (it writes for about 200 ms
   * here, so the last kill usually comes after the commit). Each child JVM takes seconds.
   */
  private static final List<Integer> KILL_DELAYS_MS = List.of(0, 20, 100, 400);

  private static final List<String> TEXTS =
      List.of(
          "A wonderful, moving film with a great cast.",
          "Dull, predictable and far too long; the acting was terrible.",
          "",
          "!!!");
  private static final String TEMPORARY_PREFIX = ".model.export-";

  /** Taken before the export writes, and left by a kill (it then blocks nobody). */
  private static final String LOCK = ".model.lock";

  /** Created and deleted beside the model before the export writes, to check that it can. */
  private static final String PROBE_PREFIX = ".textrnn-probe-";

  @TempDir Path dir;

  @Test
  void aKilledExportLeavesTheOldModelOrTheNewOne() throws Exception {
    TextVectorization vectorizer = TextVectorization.builder().maxTokens(100).adaptStrings(TEXTS);
    ModelConfig config = ModelConfig.tutorial().withVocabularySize(vectorizer.vocabularySize());
    Path models =
        Files.createDirectory(
            dir.resolve("models")); // watched: the log and the checkpoint are beside it
    Path target = models.resolve("model");
    Path checkpoint = dir.resolve("checkpoint");
    float[] newLogits =
        logits(TestModels.export(config, 2, vectorizer, dir.resolve("reference")).dir());
    TestCheckpoints.write(
        checkpoint,
        TestCheckpoints.quickRecipe(config),
        TestModels.randomWeights(config, 2),
        vectorizer);

    int killedWhileWriting = 0;
    List<String> outcomes = new ArrayList<>();
    for (int delay : KILL_DELAYS_MS) {
      float[] oldLogits = logits(TestModels.export(config, 1, vectorizer, target).dir());
      assertFalse(Arrays.equals(oldLogits, newLogits), "the two models must tell apart");
      List<String> before = writes(models);
      Process export =
          TextRnnProcess.command(
                  List.of(),
                  "export",
                  "--checkpoint",
                  checkpoint.toString(),
                  "--out",
                  target.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("export.log").toFile())
              .start();
      boolean sawWriting = awaitWriting(export, models, before);
      if (sawWriting) {
        Thread.sleep(delay);
      }
      export.destroyForcibly();
      assertTrue(export.waitFor(60, TimeUnit.SECONDS));
      boolean killed = export.exitValue() == 137;
      assertTrue(
          killed || export.exitValue() == 0,
          "exit " + export.exitValue() + ": " + Files.readString(dir.resolve("export.log")));

      float[] afterKill = logits(target);
      if (Arrays.equals(oldLogits, afterKill)) {
        assertTrue(killed, "a finished export must have replaced the model");
        killedWhileWriting += sawWriting ? 1 : 0;
        outcomes.add(delay + " ms: old model");
      } else {
        assertArrayEquals(newLogits, afterKill, 1e-6f, "neither the old model nor the new one");
        outcomes.add(delay + " ms: new model" + (killed ? "" : " (export had finished)"));
      }
      assertEquals(
          List.of("model"),
          visibleEntries(models),
          "only hidden temporary folders beside the model; " + outcomes);
    }
    assertTrue(
        killedWhileWriting >= 1,
        "no kill landed while the new model was being written: " + outcomes);
  }

  /**
   * Waits until the child starts writing: a new folder beside the model (the product's way) or a
   * change to the model folder itself (the way of a writer that is not atomic); false if the child
   * ends first.
   */
  private static boolean awaitWriting(Process export, Path models, List<String> before)
      throws InterruptedException {
    while (export.isAlive()) {
      if (!writes(models).equals(before)) {
        return true;
      }
      Thread.sleep(1);
    }
    return false;
  }

  /** What the folder holds, but for the export's lock and probe, which come before any writing. */
  private static List<String> writes(Path models) {
    return FileTree.snapshot(models).stream()
        .filter(line -> !line.startsWith(LOCK) && !line.startsWith(PROBE_PREFIX))
        .toList();
  }

  private static List<String> visibleEntries(Path models) throws IOException {
    try (Stream<Path> entries = Files.list(models)) {
      return entries
          .map(path -> path.getFileName().toString())
          .filter(name -> !name.startsWith(TEMPORARY_PREFIX) && !name.equals(LOCK))
          .sorted()
          .toList();
    }
  }

  private static float[] logits(Path model) {
    try (SentimentModel loaded = SentimentModel.load(model)) {
      List<Prediction> predictions = loaded.predict(TEXTS);
      float[] logits = new float[predictions.size()];
      for (int i = 0; i < logits.length; i++) {
        logits[i] = predictions.get(i).logit();
      }
      return logits;
    }
  }
}
