package dev.textrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.textrnn.data.Example;
import dev.textrnn.model.Architecture;
import dev.textrnn.model.CellType;
import dev.textrnn.model.ModelConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A loss that stops being finite stops training at once, naming the epoch and step, with no epoch
 * end.
 */
class DivergenceTest {

  @Test
  void aNonFiniteLossStopsTrainingAtTheStep() {
    try (TrainingGraph graph =
        new TrainingGraph(
            ModelConfig.of(Architecture.DEFAULT, CellType.LSTM, 20),
            1e-3f,
            1,
            TrainingGraph.RunSettings.defaults())) {
      graph
          .parameterValues()
          .write(graph.session(), Map.of("dense_1/bias", new double[] {Double.NaN}));
      List<Example> examples = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        examples.add(new Example(new int[] {1 + i, 2, 3}, i % 2));
      }
      List<List<EpochRecord>> epochEnds = new ArrayList<>();
      Trainer trainer =
          new Trainer(
              graph,
              new Trainer.Options(2, 4, 1, 1, 0f, false),
              new PlainProgress(new PrintStream(PrintStream.nullOutputStream())));
      Trainer.DivergedException e =
          assertThrows(
              Trainer.DivergedException.class,
              () -> trainer.fit(examples, examples, List.of(), epochEnds::add));
      assertEquals("the loss became NaN at epoch 1, step 1; training stopped", e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
      assertEquals(List.of(), epochEnds);
    }
  }
}
