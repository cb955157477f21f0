package dev.textrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.textrnn.data.Batch;
import dev.textrnn.model.Architecture;
import dev.textrnn.model.CellType;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.model.RnnImplementation;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reviews with no token at all (an empty text, or all punctuation): a batch of them has no time
 * step, yet the model must give the logit Keras gives, that of an all-zero recurrent output.
 */
class EmptyReviewsTest {

  static Stream<Arguments> models() {
    return Stream.of(Architecture.values())
        .flatMap(a -> Stream.of(RnnImplementation.values()).map(rnn -> Arguments.of(a, rnn)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("models")
  void aBatchWithoutTokensGivesTheLogitOfZeroFeatures(
      Architecture architecture, RnnImplementation rnn) {
    try (TrainingGraph graph =
        new TrainingGraph(
            ModelConfig.of(architecture, CellType.LSTM, 50),
            1e-4f,
            7,
            new TrainingGraph.RunSettings(0, 0, rnn))) {
      float[] labels = {1, 0, 1};
      StepResult noSteps = graph.evaluate(new Batch(3, 0, new int[0], new int[3], labels));
      StepResult onlyPadding = graph.evaluate(new Batch(3, 4, new int[12], new int[3], labels));
      StepResult beside =
          graph.evaluate(
              new Batch(2, 3, new int[] {0, 0, 0, 5, 6, 7}, new int[] {0, 3}, new float[] {1, 0}));
      assertTrue(Float.isFinite(noSteps.logits()[0]));
      assertArrayEquals(noSteps.logits(), onlyPadding.logits(), 0f);
      assertEquals(noSteps.logits()[0], noSteps.logits()[2], 0f);
      assertEquals(noSteps.logits()[0], beside.logits()[0], 1e-6f);
      // One row beside several empty ones, then only empty rows: every weight stays finite.
      graph.train(
          new Batch(2, 3, new int[] {0, 0, 0, 5, 6, 7}, new int[] {0, 3}, new float[] {1, 0}),
          0f,
          0);
      graph.train(new Batch(3, 0, new int[0], new int[3], labels), 0f, 1);
      graph
          .parameterValues()
          .read(graph.session())
          .forEach(
              (name, values) -> {
                for (double v : values) {
                  assertTrue(
                      Double.isFinite(v), name + " is not finite after training on empty reviews");
                }
              });
    }
  }
}
