package dev.textrnn.cli;

import dev.textrnn.model.ModelConfig;
import dev.textrnn.text.TextVectorization;
import dev.textrnn.train.Checkpoint;
import dev.textrnn.train.EpochRecord;
import dev.textrnn.train.TrainingGraph;
import dev.textrnn.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Checkpoints as train writes them after its first epoch, made without training. */
final class TestCheckpoints {
  private TestCheckpoints() {}

  /**
   * A short recipe for the config: 2 epochs over 32 reviews of each split, so that a resume that
   * ought to fail but does not still ends soon.
   */
  static TrainingRun.Recipe quickRecipe(ModelConfig config) {
    return new TrainingRun.Recipe(
        config, config.vocabularySize(), 2, 32, 1, 1, 1e-3f, 32, false, List.of());
  }

  /**
   * A checkpoint of the recipe's model after epoch 1, holding the given weights, or the initial
   * ones if null.
   */
  static void write(
      Path folder,
      TrainingRun.Recipe recipe,
      Map<String, double[]> weights,
      TextVectorization vectorizer)
      throws IOException {
    ModelConfig config = recipe.model();
    try (TrainingGraph graph =
        new TrainingGraph(
            config, recipe.learningRate(), recipe.seed(), TrainingGraph.RunSettings.defaults())) {
      if (weights != null) {
        graph.parameterValues().write(graph.session(), weights);
      }
      Checkpoint.save(
          folder,
          graph,
          vectorizer,
          new Checkpoint.State(
              recipe,
              config,
              1,
              List.of(
                  new EpochRecord(1, 0.69, 0.5, 0.5, 0.69, 0.5, 0.5, recipe.learningRate(), 1))),
          Map.of());
    }
  }
}
