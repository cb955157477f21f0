package dev.textrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.textrnn.data.TestData;
import dev.textrnn.model.CellType;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.train.Checkpoint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The size flags reach the model: summary counts Keras's parameters for them, and train builds and
 * checkpoints the model they describe.
 */
class SizeFlagsTest {

  /**
   * Keras's {@code count_params()} of the same layers (tensorflow-cpu 2.21: Embedding(1000, dim),
   * Bidirectional(LSTM or GRU) per unit, Dense(relu), Dense(1)).
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--units 32,16 --embedding-dim 16|41,089",
        "--model stacked --units 48 --embedding-dim 8 --dense-units 10|30,869",
        "--cell gru --units 32 --embedding-dim 16 --dropout 0.3|29,825"
      })
  void summaryCountsKerasParametersOfTheSizesGiven(String flags, String total) {
    CommandRun run = CommandRun.of(("summary " + flags).split(" "));

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().endsWith("Total params: " + total + "\n"), run.out());
  }

  @Test
  void trainBuildsAndCheckpointsTheSizesGiven(@TempDir Path dir) throws Exception {
    Path checkpoint = dir.resolve("checkpoint");
    CommandRun run =
        CommandRun.of(
            "train",
            "--data",
            TestData.archive().toString(),
            "--subset",
            "32",
            "--epochs",
            "1",
            "--batch-size",
            "16",
            "--validation-steps",
            "1",
            "--max-tokens",
            "50",
            "--model",
            "stacked",
            "--embedding-dim",
            "4",
            "--units",
            "6,5,3",
            "--dense-units",
            "7",
            "--dropout",
            "0.25",
            "--checkpoint",
            checkpoint.toString(),
            "--out",
            dir.resolve("model").toString(),
            "--graphs",
            dir.resolve("graphs").toString());

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(
        run.out()
            .contains(
                "Model: Embedding(50, 4) -> Bidirectional(LSTM 6) -> Bidirectional(LSTM 5) ->"
                    + " Bidirectional(LSTM 3) -> Dense(7, relu) -> Dropout(0.25) -> Dense(1)"),
        run.out());
    ModelConfig expected = new ModelConfig(50, 4, CellType.LSTM, List.of(6, 5, 3), 7, 0.25);
    Checkpoint.State state = Checkpoint.readState(checkpoint);
    assertEquals(expected, state.recipe().model());
    assertEquals(expected, state.model());
  }
}
