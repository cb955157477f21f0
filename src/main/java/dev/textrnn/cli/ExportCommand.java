package dev.textrnn.cli;

import dev.textrnn.io.OutputLocation;
import dev.textrnn.io.OutputWriteException;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.serving.SavedModelExporter;
import dev.textrnn.text.TextVectorization;
import dev.textrnn.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Export a training checkpoint as a SavedModel (inference graph only, raw-text signature).")
final class ExportCommand implements Callable<Integer> {
  @Option(
      names = "--checkpoint",
      defaultValue = "checkpoint",
      paramLabel = "DIR",
      description = "(default: ${DEFAULT-VALUE})")
  Path checkpoint;

  @Option(
      names = "--out",
      defaultValue = "savedmodel",
      paramLabel = "DIR",
      description = "replaced only by a complete model (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--version",
      paramLabel = "N",
      description =
          "write the model to --out/N, a version folder of TensorFlow Serving's layout (what"
              + " 'serve --model-base-path' and TensorFlow Serving read)")
  Long version;

  /** --out as given, with --version */
  private Path basePath;

  @Option(
      names = "--model-dir",
      paramLabel = "DIR",
      description =
          "re-export this SavedModel instead of a checkpoint: the same weights with this version's"
              + " signatures and class names (for a model exported by an older textrnn)")
  Path modelDir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (version != null) {
      Checks.between("--version", version, 1, 999_999_999_999_999_999L);
      basePath = out;
      out = out.resolve(Long.toString(version)); // renamed into place whole: no server sees half
      refuseExistingVersion();
    }
    if (modelDir != null && spec.commandLine().getParseResult().hasMatchedOption("--checkpoint")) {
      throw new Checks.UsageError(
          "--model-dir and --checkpoint name two sources; export one of them");
    }
    Map<String, Path> folders = new LinkedHashMap<>();
    folders.put(modelDir != null ? "--model-dir" : "--checkpoint", source());
    folders.put("--out", out);
    Checks.separate(folders, null);
    Checks.output("--out", out, SavedModelExporter::checkTarget);
    Checks.output("--out", out, OutputLocation::checkWritable);
    try (OutputLocks locks = OutputLocks.acquire(Map.of("--out", out))) {
      if (version != null) {
        refuseExistingVersion(); // again: another export may have written it since
      }
      if (modelDir != null) {
        SavedModelExporter.reexport(modelDir, out);
        System.out.println("SavedModel: " + out + " (from " + modelDir + ")");
        return 0;
      }
      CheckpointInput input = CheckpointInput.read(checkpoint);
      export(
          input.state().model(),
          Checkpoint.readWeights(checkpoint, input.state().model()),
          input.vectorizer(),
          out,
          "");
      System.out.println(
          "SavedModel: " + out + " (from " + checkpoint + ", epoch " + input.state().epoch() + ")");
    }
    return 0;
  }

  /**
   * A version folder is written once: a server that serves a version never loads it again
   * (TensorFlow Serving's file-system source neither), so replacing it would change nothing until a
   * restart, and then change it silently.
   */
  private void refuseExistingVersion() throws IOException {
    if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    long next;
    try (Stream<Path> entries = Files.list(basePath)) {
      next =
          entries
                  .map(entry -> entry.getFileName().toString())
                  .filter(name -> name.matches("[0-9]{1,18}"))
                  .mapToLong(Long::parseLong)
                  .max()
                  .orElse(0)
              + 1;
    }
    throw new Checks.UsageError(
        "--version "
            + version
            + ": "
            + out
            + " exists, and a version is written once (a server never reloads one it serves);"
            + " export a new version with --version "
            + next
            + ", or delete "
            + out
            + " first");
  }

  private Path source() {
    return modelDir != null ? modelDir : checkpoint;
  }

  /**
   * Exports, reporting weights that cannot make a model (a diverged run's) in one line with {@code
   * advice}, and a failed write in one line that names --out.
   */
  static void export(
      ModelConfig config,
      Map<String, double[]> weights,
      TextVectorization vectorizer,
      Path out,
      String advice)
      throws IOException {
    try {
      SavedModelExporter.export(config, weights, vectorizer, out);
    } catch (IllegalArgumentException e) {
      throw new Checks.UsageError("not exported to " + out + ": " + e.getMessage() + advice);
    } catch (OutputWriteException e) {
      throw new IOException("--out " + e.getMessage(), e);
    }
  }
}
