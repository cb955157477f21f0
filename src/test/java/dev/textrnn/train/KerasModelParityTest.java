package dev.textrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.textrnn.data.Batch;
import dev.textrnn.model.KerasReference;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.model.RnnImplementation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same weights and batch as real Keras (tools/keras/model_reference.py, committed under
 * src/test/resources/keras/model): the same logits, loss, and weights after one Adam step, with the
 * tutorial's two-class head and with a three-class softmax head (the "-3" references).
 */
class KerasModelParityTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "default-lstm, LOOP",
    "stacked-lstm, LOOP",
    "default-gru, LOOP",
    "stacked-gru, LOOP",
    "default-lstm, FUSED",
    "stacked-lstm, FUSED",
    "default-lstm-3, LOOP",
    "stacked-lstm-3, LOOP",
    "default-gru-3, LOOP",
    "stacked-gru-3, LOOP",
    "default-lstm-3, FUSED",
    "stacked-lstm-3, FUSED"
  })
  void matchesKeras(String name, RnnImplementation rnn) {
    JsonNode reference = KerasReference.load(name);
    ModelConfig config = KerasReference.config(reference);
    Batch batch = batchOf(reference);
    try (TrainingGraph graph =
        new TrainingGraph(config, 1e-4f, 1, new TrainingGraph.RunSettings(0, 0, rnn))) {
      assertEquals(
          reference.get("config").get("parameter_count").asLong(), graph.model().parameterCount());
      Map<String, double[]> weights = tensors(reference.get("weights"), null);
      graph.parameterValues().write(graph.session(), weights);

      StepResult before = graph.evaluate(batch);
      double[] logits = flatten(reference.get("logits"));
      assertEquals(
          batch.size() * reference.get("config").get("output").get("units").asInt(), logits.length);
      assertEquals(logits.length, before.logits().length);
      for (int i = 0; i < logits.length; i++) {
        assertEquals(logits[i], before.logits()[i], 1e-5, "logit " + i);
      }
      assertEquals(reference.get("loss").asDouble(), before.loss(), 1e-6, "loss");

      // Keras's reference step runs with dropout off (its dropout RNG cannot be reproduced).
      graph.train(batch, 0f, 0);
      Map<String, double[]> expected =
          tensors(reference.get("weights_after_one_adam_step"), weights);
      Map<String, double[]> actual = graph.parameterValues().read(graph.session());
      for (Map.Entry<String, double[]> e : expected.entrySet()) {
        double worst = maxAbsDifference(e.getValue(), actual.get(e.getKey()));
        assertTrue(worst <= 1e-6, e.getKey() + " after one Adam step differs by " + worst);
      }
    }
  }

  /** The tutorial's padding test, with Keras's weights: padding beside a text changes nothing. */
  @ParameterizedTest
  @ValueSource(strings = {"default-lstm", "default-gru"})
  void paddingDoesNotChangeTheLogit(String name) {
    JsonNode reference = KerasReference.load(name);
    JsonNode test = reference.get("padding_test");
    int[] row = new int[test.get("ids").size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = test.get("ids").get(i).asInt();
    }
    int longest = 2000;
    int[] beside = new int[2 * longest];
    System.arraycopy(row, 0, beside, 0, row.length);
    java.util.Arrays.fill(beside, longest, 2 * longest, 2); // "the " * 2000
    try (TrainingGraph graph =
        new TrainingGraph(
            KerasReference.config(reference), 1e-4f, 1, TrainingGraph.RunSettings.defaults())) {
      graph.parameterValues().write(graph.session(), tensors(reference.get("weights"), null));
      float alone =
          graph.evaluate(new Batch(1, row.length, row, new int[] {row.length}, new float[] {1}))
              .logits()[0];
      float batched =
          graph.evaluate(
                  new Batch(
                      2, longest, beside, new int[] {row.length, longest}, new float[] {1, 1}))
              .logits()[0];
      assertEquals(alone, batched, 1e-6);
      assertEquals(test.get("logit_alone").asDouble(), alone, 1e-5);
    }
  }

  /** Keras's logits, [batch] for one logit a row or [batch][classes], laid out [batch, width]. */
  private static double[] flatten(JsonNode logits) {
    List<Double> out = new ArrayList<>();
    for (JsonNode row : logits) {
      if (row.isArray()) {
        row.forEach(v -> out.add(v.asDouble()));
      } else {
        out.add(row.asDouble());
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static Batch batchOf(JsonNode reference) {
    JsonNode ids = reference.get("ids");
    int rows = ids.size();
    int steps = ids.get(0).size();
    int[] flat = new int[rows * steps];
    int[] lengths = new int[rows];
    float[] labels = new float[rows];
    for (int r = 0; r < rows; r++) {
      for (int t = 0; t < steps; t++) {
        flat[r * steps + t] = ids.get(r).get(t).asInt();
      }
      lengths[r] = reference.get("lengths").get(r).asInt();
      labels[r] = (float) reference.get("labels").get(r).asDouble();
    }
    return new Batch(rows, steps, flat, lengths, labels);
  }

  /**
   * Decodes {name, shape, values: base64 float32 LE}; an entry with 'rows' holds only those rows,
   * the others being equal to the same rows of {@code base}.
   */
  static Map<String, double[]> tensors(JsonNode list, Map<String, double[]> base) {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (JsonNode entry : list) {
      ByteBuffer bytes =
          ByteBuffer.wrap(Base64.getDecoder().decode(entry.get("values").asText()))
              .order(ByteOrder.LITTLE_ENDIAN);
      float[] values = new float[bytes.remaining() / 4];
      bytes.asFloatBuffer().get(values);
      String name = entry.get("name").asText();
      double[] full;
      if (entry.has("rows")) {
        full = base.get(name).clone();
        int width = entry.get("shape").get(1).asInt();
        int k = 0;
        for (JsonNode row : entry.get("rows")) {
          for (int c = 0; c < width; c++) {
            full[row.asInt() * width + c] = values[k++];
          }
        }
      } else {
        full = new double[values.length];
        for (int i = 0; i < values.length; i++) {
          full[i] = values[i];
        }
      }
      out.put(name, full);
    }
    return out;
  }

  private static double maxAbsDifference(double[] a, double[] b) {
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }
}
