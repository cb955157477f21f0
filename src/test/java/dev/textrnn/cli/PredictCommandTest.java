package dev.textrnn.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textrnn.serving.Prediction;
import dev.textrnn.serving.SentimentModel;
import dev.textrnn.serving.TestModels;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code textrnn predict} through the real root command line, on a small exported model. */
class PredictCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void printsOneLinePerTextWithLabelLogitAndProbability() {
    List<String> texts = List.of("A wonderful, moving film.", "Dull.\tPredictable\nand far too long for what it is, honestly a waste of time");
    assertEquals(0, run("predict", "--model-dir", model(), texts.get(0), texts.get(1)), err.toString());
    List<Prediction> expected = predict(texts);
    assertEquals(List.of(PredictCommand.toLine(expected.get(0)), PredictCommand.toLine(expected.get(1))),
        out.toString().lines().toList());
    assertTrue(out.toString().lines().allMatch(line -> line.matches(
        "(positive|negative)  logit=-?\\d+\\.\\d{2}  probability=\\d\\.\\d{3}  .*")), out.toString());
    assertTrue(out.toString().contains("Dull. Predictable and far too long for what it is, honestly..."),
        "whitespace folded, text cut at 60 characters: " + out);
  }

  /** More lines than one batch, blank lines skipped, JSON out: the model's own predictions. */
  @Test
  void fileLinesAsJson() throws IOException {
    List<String> texts = TestModels.testReviews(PredictCommand.BATCH + 44).stream()
        .map(review -> review.textString().substring(0, Math.min(80, review.textString().length())).strip())
        .toList();
    Path file = dir.resolve("reviews.txt");
    Files.writeString(file, String.join("\n\n", texts) + "\n");
    assertEquals(0, run("predict", "--model-dir", model(), "--json", "--file", file.toString()), err.toString());
    assertJson(predict(texts), out.toString().lines().toList());
  }

  @Test
  void dashReadsStandardInput() throws IOException {
    InputStream original = System.in;
    System.setIn(new ByteArrayInputStream("Loved it\n\nHated it\n".getBytes(UTF_8)));
    try {
      assertEquals(0, run("predict", "--model-dir", model(), "--json", "first", "-"), err.toString());
    } finally {
      System.setIn(original);
    }
    assertJson(predict(List.of("first", "Loved it", "Hated it")), out.toString().lines().toList());
  }

  @Test
  void errorsAreOneLineWithExitCode2() {
    Path missing = dir.resolve("nothing");
    assertError("predict: " + missing + ": no such model folder", "predict", "--model-dir", missing.toString(), "text");
    assertError("predict: no review given; pass TEXT..., --file F, or - to read standard input",
        "predict", "--model-dir", model());
    assertError("predict: " + missing + ": no such file or folder", "predict", "--model-dir", model(), "--file",
        missing.toString());
  }

  @Test
  void theModelFolderDefaultsToSavedmodel() {
    String usage = TextRnnCli.commandLine().getSubcommands().get("predict").getUsageMessage();
    assertTrue(usage.replaceAll("\\s+", " ").contains("(default: savedmodel in the current folder)"), usage);
  }

  private void assertError(String start, String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    assertEquals(2, run(args));
    assertTrue(err.toString().startsWith(start), err.toString());
    assertEquals(1, err.toString().lines().count(), err.toString());
  }

  private static void assertJson(List<Prediction> expected, List<String> lines) {
    assertEquals(expected.size(), lines.size());
    for (int i = 0; i < lines.size(); i++) {
      JsonNode line = readTree(lines.get(i));
      assertEquals(List.of("text", "logit", "probability", "label"), fieldNames(line));
      assertEquals(expected.get(i).text(), line.get("text").asText());
      assertEquals(expected.get(i).logit(), line.get("logit").asDouble(), 1e-5, "line " + i);
      assertEquals(expected.get(i).probability(), line.get("probability").asDouble(), 1e-5, "line " + i);
      assertEquals(line.get("logit").asDouble() >= 0 ? "positive" : "negative", line.get("label").asText());
    }
  }

  private int run(String... args) {
    CommandLine cli = TextRnnCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static String model() {
    return TestModels.small().dir().toString();
  }

  /** The texts as one batch through the model. */
  private static List<Prediction> predict(List<String> texts) {
    try (SentimentModel model = SentimentModel.load(TestModels.small().dir())) {
      return model.predict(texts);
    }
  }

  private static JsonNode readTree(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
