package dev.textrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.textrnn.data.Batch;
import dev.textrnn.data.Example;
import dev.textrnn.model.Architecture;
import dev.textrnn.model.CellType;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.model.RnnImplementation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A batch too long for one run of the graph runs in parts: its loss, logits and the weights after
 * its step are those of the whole batch in one run.
 */
class LongBatchesTest {
  private static final int[] LENGTHS = {13, 7, 1, 0, 10, 3, 13, 5};

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of(Architecture.DEFAULT, CellType.LSTM, RnnImplementation.LOOP),
        Arguments.of(Architecture.DEFAULT, CellType.LSTM, RnnImplementation.FUSED),
        Arguments.of(Architecture.STACKED, CellType.GRU, RnnImplementation.LOOP));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("models")
  void aBatchInPartsStepsAsTheWholeBatch(
      Architecture architecture, CellType cell, RnnImplementation rnn) {
    ModelConfig config = ModelConfig.of(architecture, cell, 50);
    Batch batch = batch(new Random(3));
    TrainingGraph.RunSettings settings = new TrainingGraph.RunSettings(0, 0, rnn);
    try (TrainingGraph whole = new TrainingGraph(config, 1e-2f, 7, settings);
        TrainingGraph inParts = new TrainingGraph(config, 1e-2f, 7, settings, 30)) {
      assertEquals(3, batch.split(30).size());
      StepResult expected = whole.evaluate(batch);
      StepResult actual = inParts.evaluate(batch);
      assertEquals(expected.loss(), actual.loss(), 1e-6);
      assertArrayEquals(expected.logits(), actual.logits(), 1e-6f);

      for (int step = 1; step <= 2; step++) {
        expected = whole.train(batch, 0f, step);
        actual = inParts.train(batch, 0f, step);
        assertEquals(expected.loss(), actual.loss(), 1e-6, "loss of step " + step);
        assertArrayEquals(expected.logits(), actual.logits(), 1e-6f, "logits of step " + step);
      }
      Map<String, double[]> expectedWeights = whole.parameterValues().read(whole.session());
      Map<String, double[]> actualWeights = inParts.parameterValues().read(inParts.session());
      expectedWeights.forEach(
          (name, values) -> assertArrayEquals(values, actualWeights.get(name), 1e-6, name));
    }
  }

  private static Batch batch(Random random) {
    List<Example> examples = new ArrayList<>();
    for (int row = 0; row < LENGTHS.length; row++) {
      int[] ids = new int[LENGTHS[row]];
      for (int t = 0; t < ids.length; t++) {
        ids[t] = 1 + random.nextInt(49);
      }
      examples.add(new Example(ids, row % 2));
    }
    return Batch.of(examples);
  }
}
