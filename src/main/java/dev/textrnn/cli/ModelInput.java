package dev.textrnn.cli;

import dev.textrnn.serving.SentimentModel;
import dev.textrnn.train.Checkpoint;
import java.nio.file.Path;

/** The SavedModel folder of {@code --model-dir}; a training checkpoint given instead is named. */
final class ModelInput {
  private ModelInput() {}

  /**
   * @throws dev.textrnn.serving.ModelLoadException if the folder is not a complete SavedModel
   */
  static SentimentModel load(Path dir) {
    if (Checkpoint.isCheckpoint(dir)) {
      throw new Checks.UsageError(
          dir
              + ": is a training checkpoint, not a SavedModel; make one with 'textrnn export"
              + " --checkpoint "
              + dir
              + " --out MODEL' and pass --model-dir MODEL");
    }
    return SentimentModel.load(dir);
  }
}
