package dev.textrnn.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textrnn.TestPython;
import dev.textrnn.data.Review;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Python TensorFlow as a consumer of the exported model: {@code tf.saved_model.load} (twice in one
 * process), {@code saved_model_cli run} and {@code show --all}, through tools/savedmodel_check.py.
 * Needs {@code TEXTRNN_PYTHON} (CI sets it to {@code $(tools/python-env)}); on CI its absence
 * fails.
 */
class SavedModelPythonTest {
  private static final int REVIEWS = 200;
  private static final Pattern SIGNATURE = Pattern.compile("signature_def\\['(\\w+)'\\]:");
  private static final Pattern TENSOR =
      Pattern.compile(
          "(inputs|outputs)\\['(\\w+)'\\] tensor_info:\\s+dtype: (\\w+)\\s+shape: ([^\\n]+)");

  @TempDir Path dir;

  /** The two-class model (the tutorial's head) and a three-class one (softmax). */
  @ParameterizedTest(name = "{0} classes")
  @ValueSource(ints = {2, 3})
  void pythonLoadersGiveTheJavaPredictions(int classes) throws IOException, InterruptedException {
    String python = TestPython.pythonOrSkip();
    TestModels.Exported model = classes == 2 ? TestModels.small() : TestModels.threeClasses();
    List<String> texts =
        Stream.concat(
                Stream.of("", "!!!", "Café, déjà vu… 10/10!", "The movie was cool."),
                TestModels.testReviews(REVIEWS).stream().map(Review::textString))
            .toList();
    JsonNode checked = runCheck(python, model.dir(), texts);

    List<Prediction> java;
    List<String> names;
    try (SentimentModel loaded = SentimentModel.load(model.dir())) {
      java = loaded.predict(texts);
      names = loaded.classNames();
    }
    assertEquals(model.config().classNames(), names);
    for (String run : List.of("load", "load_predict_ids", "reload", "cli_run")) {
      JsonNode logits = checked.get(run).get("logits");
      assertEquals(texts.size(), logits.size(), run);
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(
            java.get(i).logits(), floats(logits.get(i)), 1e-5f, run + ": logits of text " + i);
        if (checked.get(run).has("label")) {
          assertEquals(
              java.get(i).label(),
              checked.get(run).get("label").get(i).asText(),
              run + ": label of text " + i);
        }
      }
    }
    JsonNode load = checked.get("load");
    for (int i = 0; i < texts.size(); i++) {
      float[] scores = new float[names.size()];
      for (int c = 0; c < names.size(); c++) {
        scores[c] = java.get(i).scores().get(names.get(c));
      }
      assertArrayEquals(scores, floats(load.get("scores").get(i)), 1e-6f, "scores of text " + i);
      float[] probabilities =
          classes == 2 ? new float[] {scores[1]} : scores; // sigmoid [1], or softmax [classes]
      assertArrayEquals(probabilities, floats(load.get("probabilities").get(i)), 1e-6f);
      List<String> rowClasses = new ArrayList<>();
      load.get("classes").get(i).forEach(name -> rowClasses.add(name.asText()));
      assertEquals(names, rowClasses);
      int[] ids = model.vectorizer().encode(texts.get(i));
      assertEquals(
          IntStream.of(ids).boxed().toList(),
          ints(checked.get("load_ids").get(i)),
          "in-graph ids in Python of text " + i);
    }
    String width = "(-1, " + (classes == 2 ? 1 : classes) + ")";
    Set<String> outputs =
        Set.of(
            "out logits DT_FLOAT " + width,
            "out probabilities DT_FLOAT " + width,
            "out label DT_STRING (-1)",
            "out classes DT_STRING (-1, " + classes + ")",
            "out scores DT_FLOAT (-1, " + classes + ")");
    assertEquals(
        Map.of(
            "serving_default", union(Set.of("in text DT_STRING (-1)"), outputs),
            "predict_ids", union(Set.of("in ids DT_INT64 (-1, -1)"), outputs),
            "vectorize", Set.of("in text DT_STRING (-1)", "out ids DT_INT64 (-1, -1)"),
            "__saved_model_init_op", Set.of("out __saved_model_init_op DT_INVALID ()")),
        signatures(checked.get("cli_show").asText()));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.get(i).asDouble();
    }
    return values;
  }

  private JsonNode runCheck(String python, Path model, List<String> texts)
      throws IOException, InterruptedException {
    Path input = dir.resolve("input.json");
    new ObjectMapper().writeValue(input.toFile(), Map.of("texts", texts));
    return TestPython.run(python, dir, "savedmodel_check.py", model.toString(), input.toString());
  }

  /** saved_model_cli show --all → per signature its tensors as "in|out NAME DTYPE SHAPE". */
  private static Map<String, Set<String>> signatures(String show) {
    Map<String, Set<String>> signatures = new TreeMap<>();
    Matcher signature = SIGNATURE.matcher(show);
    List<Integer> starts = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    while (signature.find()) {
      starts.add(signature.end());
      keys.add(signature.group(1));
    }
    for (int i = 0; i < keys.size(); i++) {
      String block =
          show.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : show.length());
      Set<String> tensors = new TreeSet<>();
      Matcher tensor = TENSOR.matcher(block);
      while (tensor.find()) {
        tensors.add(
            (tensor.group(1).equals("inputs") ? "in " : "out ")
                + tensor.group(2)
                + " "
                + tensor.group(3)
                + " "
                + tensor.group(4).strip());
      }
      signatures.put(keys.get(i), tensors);
    }
    assertTrue(signatures.containsKey("serving_default"), show);
    return signatures;
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asInt()));
    return values;
  }
}
