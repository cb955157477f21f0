package dev.textrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textrnn.data.Review;
import dev.textrnn.data.TestData;
import dev.textrnn.serving.Prediction;
import dev.textrnn.serving.SavedModelExporter;
import dev.textrnn.serving.SentimentModel;
import dev.textrnn.serving.TestModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code textrnn evaluate} of a small exported model on the 25,000 test reviews of the real
 * archive: its figures are those of the model's own predictions, counted here.
 */
class EvaluateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CLASSES = List.of("negative", "positive");

  @TempDir static Path dir;

  private static Path model;

  /** [true class][predicted class] of the model's predictions on the test reviews. */
  private static long[][] expected;

  /**
   * A small model, its output bias moved by the median logit of 200 test reviews so that it
   * predicts both classes, and its predictions.
   */
  @BeforeAll
  static void predictEveryTestReview() throws IOException {
    Map<String, double[]> weights = TestModels.randomWeights(TestModels.SMALL_LSTM, 3);
    double[] logits;
    try (SentimentModel unbalanced = SentimentModel.load(export(weights, "unbalanced"))) {
      logits =
          unbalanced
              .predict(TestModels.testReviews(200).stream().map(Review::textString).toList())
              .stream()
              .mapToDouble(Prediction::logit)
              .sorted()
              .toArray();
    }
    List<String> parameters = List.copyOf(weights.keySet());
    weights.get(parameters.get(parameters.size() - 1))[0] -= logits[logits.length / 2];
    model = export(weights, "model");
    List<Review> test = TestData.labelled().test();
    expected = new long[2][2];
    try (SentimentModel loaded = SentimentModel.load(model)) {
      List<Prediction> predictions = loaded.predict(test.stream().map(Review::textString).toList());
      for (int i = 0; i < test.size(); i++) {
        expected[test.get(i).label()][CLASSES.indexOf(predictions.get(i).label())]++;
      }
    }
    for (int c = 0; c < 2; c++) {
      assertTrue(expected[0][c] + expected[1][c] > 0, "no review predicted as class " + c);
    }
  }

  @Test
  void jsonGivesEveryFigureUnderTheClassNames() throws Exception {
    CommandRun run = evaluate("--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode out = JSON.readTree(run.out());
    assertEquals(
        List.of(
            "model_dir",
            "texts",
            "loss",
            "accuracy",
            "keras_accuracy",
            "per_class",
            "macro_f1",
            "confusion_matrix",
            "seconds"),
        fieldNames(out));
    assertEquals(25_000, out.get("texts").asInt());
    assertEquals(JSON.writeValueAsString(CLASSES), out.at("/confusion_matrix/labels").toString());
    assertEquals(JSON.writeValueAsString(expected), out.at("/confusion_matrix/matrix").toString());
    assertEquals(
        (double) (expected[0][0] + expected[1][1]) / 25_000, out.get("accuracy").asDouble(), 1e-12);
    assertEquals(CLASSES, fieldNames(out.get("per_class")));
    double f1Sum = 0;
    for (int c = 0; c < 2; c++) {
      JsonNode figures = out.get("per_class").get(CLASSES.get(c));
      assertEquals(List.of("precision", "recall", "f1", "support"), fieldNames(figures));
      long truePositives = expected[c][c];
      long predicted = expected[0][c] + expected[1][c];
      long support = expected[c][0] + expected[c][1];
      double precision = (double) truePositives / predicted;
      double recall = (double) truePositives / support;
      assertEquals(precision, figures.get("precision").asDouble(), 1e-12);
      assertEquals(recall, figures.get("recall").asDouble(), 1e-12);
      assertEquals(
          2 * precision * recall / (precision + recall), figures.get("f1").asDouble(), 1e-12);
      assertEquals(12_500, figures.get("support").asLong());
      f1Sum += figures.get("f1").asDouble();
    }
    assertEquals(f1Sum / 2, out.get("macro_f1").asDouble(), 1e-12);
    assertTrue(out.get("loss").asDouble() > 0, run.out());
    assertTrue(out.get("keras_accuracy").asDouble() > 0, run.out());
  }

  @Test
  void aTerminalGetsATable() throws Exception {
    JsonNode figures = JSON.readTree(evaluate("--json").out());
    CommandRun run = evaluate();
    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertTrue(
        lines
            .get(0)
            .matches(
                "25,000 texts in [0-9.]+s - loss: "
                    + figure(figures.get("loss"))
                    + " - accuracy: "
                    + figure(figures.get("accuracy"))
                    + " - keras_accuracy: "
                    + figure(figures.get("keras_accuracy"))
                    + " - macro_f1: "
                    + figure(figures.get("macro_f1"))),
        lines.get(0));
    List<String> table = new ArrayList<>();
    table.add("class     precision  recall      f1    support");
    for (String name : CLASSES) {
      JsonNode c = figures.get("per_class").get(name);
      table.add(
          String.format(
              Locale.ROOT,
              "%-8s     %s  %s  %s     12,500",
              name,
              figure(c.get("precision")),
              figure(c.get("recall")),
              figure(c.get("f1"))));
    }
    table.add("");
    table.add("confusion matrix (rows: true class, columns: predicted class)");
    table.add("          negative  positive");
    for (int t = 0; t < 2; t++) {
      table.add(
          String.format(
              Locale.ROOT, "%-8s  %,8d  %,8d", CLASSES.get(t), expected[t][0], expected[t][1]));
    }
    assertEquals(table, lines.subList(2, lines.size()), run.out());
    assertEquals("", lines.get(1));
  }

  private static Path export(Map<String, double[]> weights, String name) throws IOException {
    Path target = dir.resolve(name);
    SavedModelExporter.export(TestModels.SMALL_LSTM, weights, TestModels.imdbVectorizer(), target);
    return target;
  }

  private static CommandRun evaluate(String... flags) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "evaluate",
                "--data",
                TestData.archive().toString(),
                "--model-dir",
                model.toString(),
                // one call of predict, which runs the reviews sorted by length: a few seconds
                "--batch-size",
                "25000"));
    args.addAll(List.of(flags));
    return CommandRun.of(args.toArray(String[]::new));
  }

  private static String figure(JsonNode value) {
    return String.format(Locale.ROOT, "%.4f", value.asDouble());
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
