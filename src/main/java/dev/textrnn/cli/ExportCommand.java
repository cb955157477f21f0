package dev.textrnn.cli;

import dev.textrnn.serving.SavedModelExporter;
import dev.textrnn.train.Checkpoint;
import dev.textrnn.train.TrainingGraph;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export a training checkpoint as a SavedModel (inference graph only, raw-text signature).")
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--checkpoint", defaultValue = "checkpoint", paramLabel = "DIR", description = "(default: ${DEFAULT-VALUE})")
  Path checkpoint;

  @Option(names = "--out", defaultValue = "savedmodel", paramLabel = "DIR",
      description = "replaced only by a complete model (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws Exception {
    Checkpoint.State state = Checkpoint.readState(checkpoint);
    try (TrainingGraph graph = new TrainingGraph(state.model(), 1e-4f, 0, TrainingGraph.SessionSettings.defaults())) {
      Checkpoint.restore(checkpoint, graph);
      SavedModelExporter.export(state.model(), graph.parameterValues().read(graph.session()),
          Checkpoint.readVectorizer(checkpoint), out);
    }
    System.out.println("SavedModel: " + out + " (from " + checkpoint + ", epoch " + state.epoch() + ")");
    return 0;
  }
}
