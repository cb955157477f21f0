package dev.textrnn.cli;

import dev.textrnn.model.ModelConfig;
import dev.textrnn.serving.SavedModelExporter;
import dev.textrnn.text.TextVectorization;
import dev.textrnn.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

  @Override
  public Integer call() throws Exception {
    Checks.output("--out", out, SavedModelExporter::checkTarget);
    CheckpointInput input = CheckpointInput.read(checkpoint);
    export(
        input.state().model(),
        Checkpoint.readWeights(checkpoint, input.state().model()),
        input.vectorizer(),
        out,
        "");
    System.out.println(
        "SavedModel: " + out + " (from " + checkpoint + ", epoch " + input.state().epoch() + ")");
    return 0;
  }

  /**
   * Exports, reporting weights that cannot make a model (a diverged run's) in one line with {@code
   * advice}.
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
    }
  }
}
