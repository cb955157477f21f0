package dev.textrnn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textrnn.TestPython;
import dev.textrnn.data.Review;
import dev.textrnn.serving.TestModels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client written for TensorFlow Serving: Python's {@code requests} posts the body shapes of TF
 * Serving's api_rest.md to the server on an ephemeral loopback port, and each answer, in the shape
 * TF Serving gives it, holds what Python's {@code tf.saved_model.load} computes on the same texts
 * (tools/serve_check.py). Needs {@code TEXTRNN_PYTHON}, as SavedModelPythonTest.
 */
class ServePythonTest {
  private static final List<String> BODY_SHAPES =
      List.of(
          "row",
          "row_named",
          "row_b64",
          "row_signature",
          "columnar",
          "columnar_named",
          "ids_row",
          "ids_row_named",
          "ids_columnar");

  @TempDir Path dir;

  @Test
  void tensorFlowServingsBodyShapesGetWhatPythonLoadComputes() throws Exception {
    String python = TestPython.pythonOrSkip();
    TestModels.Exported model = TestModels.small();
    List<String> texts =
        Stream.concat(
                Stream.of("", "The movie was cool.", "Café, déjà vu… 10/10!"),
                TestModels.testReviews(20).stream().map(Review::textString))
            .toList();
    Path input = dir.resolve("input.json");
    new ObjectMapper().writeValue(input.toFile(), Map.of("texts", texts));

    JsonNode checked;
    try (ModelServer server =
        ModelServerTest.start(
            ModelServerTest.options(model.dir(), null, true, 1000, Duration.ofSeconds(30)))) {
      checked =
          TestPython.run(
              python,
              dir,
              "serve_check.py",
              "http://127.0.0.1:" + server.port() + "/v1/models/textrnn",
              model.dir().toString(),
              input.toString());
    }

    JsonNode load = checked.get("load");
    List<String> shapes = new ArrayList<>();
    for (JsonNode post : checked.get("posts")) {
      String shape = post.get("name").asText();
      shapes.add(shape);
      assertEquals(200, post.get("status").asInt(), shape + ": " + post.get("answer"));
      JsonNode answer = post.get("answer");
      boolean row = post.get("body").has("instances");
      assertEquals(List.of(row ? "predictions" : "outputs"), fieldNames(answer), shape);
      assertEquals(
          texts.size(),
          (row ? answer.get("predictions") : answer.get("outputs").get("logits")).size(),
          shape);
      for (int i = 0; i < texts.size(); i++) {
        JsonNode logits =
            row
                ? answer.get("predictions").get(i).get("logits")
                : answer.get("outputs").get("logits").get(i);
        JsonNode label =
            row
                ? answer.get("predictions").get(i).get("label")
                : answer.get("outputs").get("label").get(i);
        assertArrayEquals(
            floats(load.get("logits").get(i)), floats(logits), 1e-6f, shape + ": text " + i);
        assertEquals(load.get("label").get(i).asText(), label.asText(), shape + ": text " + i);
      }
    }
    assertEquals(BODY_SHAPES, shapes);
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.get(i).asDouble();
    }
    return values;
  }
}
