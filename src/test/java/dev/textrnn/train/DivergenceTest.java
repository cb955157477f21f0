package dev.textrnn.train;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.textrnn.data.Example;
import dev.textrnn.model.Architecture;
import dev.textrnn.model.CellType;
import dev.textrnn.model.ModelConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A loss that stops being finite, or explodes, stops training at once, naming the epoch and step,
 * with no epoch end.
 */
class DivergenceTest {
  private static final List<Example> EXAMPLES = examples();

  @Test
  void aNonFiniteLossStopsTrainingAtTheStep() {
    try (TrainingGraph graph = graph(1e-3f)) {
      graph
          .parameterValues()
          .write(graph.session(), Map.of("dense_1/bias", new double[] {Double.NaN}));
      List<List<EpochRecord>> epochEnds = new ArrayList<>();

      Trainer.DivergedException e =
          assertThrows(
              Trainer.DivergedException.class,
              () ->
                  fit(
                      graph,
                      epochEnds,
                      new PlainProgress(new PrintStream(PrintStream.nullOutputStream()))));

      assertEquals("the loss became NaN at epoch 1, step 1; training stopped", e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
      assertEquals(List.of(), epochEnds);
    }
  }

  /**
   * Adam's first step moves every weight by about the learning rate: with 1e9 the logits of the
   * second batch are huge but finite, and so is its loss. The terminal's progress bar ends its
   * line, so that the error that follows starts on its own.
   */
  @Test
  void anExplodingLossStopsTrainingAtTheStep() {
    try (TrainingGraph graph = graph(1e9f)) {
      List<List<EpochRecord>> epochEnds = new ArrayList<>();
      ByteArrayOutputStream terminal = new ByteArrayOutputStream();

      Trainer.DivergedException e =
          assertThrows(
              Trainer.DivergedException.class,
              () ->
                  fit(
                      graph,
                      epochEnds,
                      new TerminalProgress(new PrintStream(terminal, true, UTF_8))));

      assertTrue(
          e.getMessage()
              .matches(
                  "the loss exploded to [0-9.]+E[0-9]+ \\(past 1000, which no run that learns"
                      + " reaches\\) at epoch 1, step 2; training stopped"),
          e.getMessage());
      assertEquals(List.of(), epochEnds);
      assertTrue(terminal.toString(UTF_8).endsWith("\n"), terminal.toString(UTF_8));
    }
  }

  private static TrainingGraph graph(float learningRate) {
    return new TrainingGraph(
        ModelConfig.of(Architecture.DEFAULT, CellType.LSTM, 20),
        learningRate,
        1,
        TrainingGraph.RunSettings.defaults());
  }

  private static void fit(
      TrainingGraph graph, List<List<EpochRecord>> epochEnds, TrainingListener listener)
      throws IOException {
    new Trainer(graph, new Trainer.Options(2, 4, 1, 1, 0f, false), listener, new StopRequest())
        .fit(EXAMPLES, EXAMPLES, List.of(), epochEnds::add);
  }

  private static List<Example> examples() {
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      examples.add(new Example(new int[] {1 + i, 2, 3}, i % 2));
    }
    return examples;
  }
}
