package dev.textrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The summary counts what Keras's {@code model.summary()} counts. */
class ModelSummaryTest {

  @Test
  void theTutorialsModelsHaveTheTutorialsCounts() {
    assertEquals("Total params: 138,369", lastLine(ModelSummary.of(ModelConfig.tutorial())));
    assertEquals("Total params: 175,489", lastLine(ModelSummary.of(ModelConfig.stacked())));
  }

  /** Keras's {@code model.count_params()} of each reference model, softmax heads included. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "default-lstm",
        "stacked-lstm",
        "default-gru",
        "stacked-gru",
        "default-lstm-3",
        "stacked-lstm-3",
        "default-gru-3",
        "stacked-gru-3"
      })
  void totalIsKerasCount(String name) {
    JsonNode reference = KerasReference.load(name);
    String summary = ModelSummary.of(KerasReference.config(reference));
    assertEquals(
        String.format(
            Locale.ROOT,
            "Total params: %,d",
            reference.get("config").get("parameter_count").asLong()),
        lastLine(summary),
        summary);
  }

  private static String lastLine(String text) {
    List<String> lines = text.lines().toList();
    return lines.get(lines.size() - 1);
  }
}
