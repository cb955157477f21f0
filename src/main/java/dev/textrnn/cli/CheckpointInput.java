package dev.textrnn.cli;

import dev.textrnn.text.TextVectorization;
import dev.textrnn.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint folder named on the command line, read and checked before any long work: its
 * description, and a vocabulary of the size its model was built for.
 */
record CheckpointInput(Checkpoint.State state, TextVectorization vectorizer) {

  static CheckpointInput read(Path folder) throws IOException {
    Checkpoint.State state = Checkpoint.readState(folder);
    TextVectorization vectorizer = Checkpoint.readVectorizer(folder);
    if (vectorizer.vocabularySize() != state.model().vocabularySize()) {
      throw new Checks.UsageError(
          folder
              + ": its vocabulary has "
              + vectorizer.vocabularySize()
              + " entries but its model "
              + state.model().vocabularySize()
              + " embedding rows; use a checkpoint"
              + " folder as train wrote it, or start a new run");
    }
    return new CheckpointInput(state, vectorizer);
  }
}
