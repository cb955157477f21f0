package dev.textrnn.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.serving.Prediction;
import dev.textrnn.serving.SentimentModel;
import dev.textrnn.serving.TestModels;
import dev.textrnn.text.HardText;
import dev.textrnn.text.Words;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code textrnn predict} through the real root command line, on a small exported model. */
class PredictCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int STANDARD_INPUT_TEXTS = 5_000;

  /**
   * The tutorial's model takes some 4 KB a word: 20,000 words about 80 MB, the text's copies some
   * more.
   */
  private static final int MEMORY_FOR_A_HUGE_REVIEW_MB = 512;

  private static final int HUGE_LINE_MB = 400;

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void printsOneLinePerTextWithLabelLogitAndProbability() {
    List<String> texts =
        List.of(
            "A wonderful, moving film.",
            "Dull.\tPredictable\nand far too long for what it is, honestly a waste of time");
    assertEquals(
        0, run("predict", "--model-dir", model(), texts.get(0), texts.get(1)), err.toString());
    List<Prediction> expected = predict(texts);
    assertEquals(
        List.of(PredictCommand.toLine(expected.get(0)), PredictCommand.toLine(expected.get(1))),
        out.toString().lines().toList());
    assertTrue(
        out.toString()
            .lines()
            .allMatch(
                line ->
                    line.matches(
                        "(positive|negative)  probability=\\d\\.\\d{3}  logit=-?\\d+\\.\\d{2}  .*")),
        out.toString());
    assertTrue(
        out.toString().contains("Dull. Predictable and far too long for what it is, honestly..."),
        "whitespace folded, text cut at 60 characters: " + out);
  }

  /** A three-class model: the label and its probability, every class's score, and no logit. */
  @Test
  void aThreeClassModelGivesItsLabelAndScores() {
    String text = "A wonderful, moving film.";
    String model = TestModels.threeClasses().dir().toString();
    assertEquals(0, run("predict", "--json", "--model-dir", model, text), err.toString());
    JsonNode line = readTree(out.toString().strip());
    assertEquals(List.of("text", "label", "probability", "scores"), fieldNames(line));
    assertEquals(List.of("bad", "good", "so-so"), fieldNames(line.get("scores")));
    double best = 0;
    for (JsonNode score : line.get("scores")) {
      best = Math.max(best, score.asDouble());
    }
    assertEquals(best, line.get("probability").asDouble(), 0);
    assertEquals(best, line.get("scores").get(line.get("label").asText()).asDouble(), 0);
    out.getBuffer().setLength(0);
    assertEquals(0, run("predict", "--model-dir", model, text), err.toString());
    assertTrue(
        out.toString().strip().matches("(bad|good|so-so)  probability=\\d\\.\\d{3}  " + text),
        out.toString());
  }

  /** More lines than one batch, blank lines skipped, JSON out: the model's own predictions. */
  @Test
  void fileLinesAsJson() throws IOException {
    List<String> texts =
        TestModels.testReviews(PredictCommand.BATCH + 44).stream()
            .map(
                review ->
                    review
                        .textString()
                        .substring(0, Math.min(80, review.textString().length()))
                        .strip())
            .toList();
    Path file = dir.resolve("reviews.txt");
    Files.writeString(file, String.join("\n\n", texts) + "\n");
    assertEquals(
        0,
        run("predict", "--model-dir", model(), "--json", "--file", file.toString()),
        err.toString());
    assertJson(predict(texts), out.toString().lines().toList());
  }

  @Test
  void dashReadsStandardInput() throws IOException {
    withStandardInput(
        "Loved it\n\nHated it\n".getBytes(UTF_8),
        () ->
            assertEquals(
                0, run("predict", "--model-dir", model(), "--json", "first", "-"), err.toString()));
    assertJson(predict(List.of("first", "Loved it", "Hated it")), out.toString().lines().toList());
  }

  @Test
  void hardTextsAsArgumentsGiveOneLineEach() {
    List<String> texts = List.copyOf(HardText.examples().values());
    List<String> args = new ArrayList<>(List.of("predict", "--model-dir", model(), "--json"));
    args.addAll(texts);
    assertEquals(0, run(args.toArray(String[]::new)), err.toString());
    assertJson(predict(texts), out.toString().lines().toList());
  }

  /**
   * {@value #STANDARD_INPUT_TEXTS} lines of random bytes (invalid UTF-8, control characters, every
   * kind of space) on standard input, with blank lines and CRLF line ends among them: one output
   * line per non-blank line, the Java API's prediction of it decoded (undecodable bytes become
   * U+FFFD).
   */
  @Test
  void thousandsOfRawLinesOnStandardInputGiveOneLineEach() throws IOException {
    Random random = new Random(7);
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    List<String> texts = new ArrayList<>();
    while (texts.size() < STANDARD_INPUT_TEXTS) {
      byte[] line = HardText.bytes(random, 30);
      for (int i = 0; i < line.length; i++) {
        if (line[i] == '\n' || line[i] == '\r') {
          line[i] = ' ';
        }
      }
      String decoded = new String(line, UTF_8);
      if (!decoded.isBlank()) {
        texts.add(decoded);
      }
      input.writeBytes(line);
      input.writeBytes(random.nextInt(10) == 0 ? "\r\n".getBytes(UTF_8) : "\n".getBytes(UTF_8));
      if (random.nextInt(20) == 0) {
        input.writeBytes(" \t\n".getBytes(UTF_8));
      }
    }
    withStandardInput(
        input.toByteArray(),
        () ->
            assertEquals(0, run("predict", "--model-dir", model(), "--json", "-"), err.toString()));
    assertJson(predict(texts), out.toString().lines().toList());
  }

  /**
   * A 10 MB review on one line, in a child JVM with a 256 MB heap, through a model of the
   * tutorial's sizes: the prediction of its first words, and a peak resident memory less than
   * {@value #MEMORY_FOR_A_HUGE_REVIEW_MB} MB above that of a short review (read whole, it took the
   * tutorial's model some 8 GB).
   */
  @Test
  void aTenMegabyteReviewTakesBoundedMemory() throws Exception {
    Path model = TestModels.export(ModelConfig.tutorial(), 3, dir.resolve("tutorial-sizes")).dir();
    String review = TestModels.longReview(10 << 20);
    MeasuredRun hugeRun = predictInChildJvm(model, review);
    MeasuredRun shortRun = predictInChildJvm(model, "A fine film.");
    try (SentimentModel loaded = SentimentModel.load(model)) {
      assertEquals(List.of(PredictCommand.toLine(loaded.predict(review))), hugeRun.lines());
    }
    long extraMegabytes = (hugeRun.peakBytes() - shortRun.peakBytes()) >> 20;
    String measured =
        "the 10 MB review took "
            + extraMegabytes
            + " MB more than a short one (peaks "
            + (hugeRun.peakBytes() >> 20)
            + " and "
            + (shortRun.peakBytes() >> 20)
            + " MB)";
    System.out.println(measured); // the README quotes it
    assertTrue(extraMegabytes < MEMORY_FOR_A_HUGE_REVIEW_MB, measured);
  }

  /**
   * Only {@code \n} and {@code \r\n} end a line, on standard input and in a file: a lone {@code \r}
   * is whitespace inside a review.
   */
  @Test
  void aBareCarriageReturnDoesNotEndALine() throws IOException {
    byte[] input = "one\rtwo\nthree\r\n\r\nfour\r".getBytes(UTF_8);
    List<String> expected = List.of("one\rtwo", "three", "four\r");
    withStandardInput(
        input,
        () ->
            assertEquals(0, run("predict", "--model-dir", model(), "--json", "-"), err.toString()));
    assertJson(predict(expected), out.toString().lines().toList());

    out.getBuffer().setLength(0);
    Path file = Files.write(dir.resolve("reviews.txt"), input);
    assertEquals(
        0,
        run("predict", "--model-dir", model(), "--json", "--file", file.toString()),
        err.toString());
    assertJson(predict(expected), out.toString().lines().toList());
  }

  /** The start of a text shown is cut between characters, never inside a surrogate pair. */
  @Test
  void theStartShownEndsOnAWholeCharacter() {
    String text = "a".repeat(59) + "\uD83D\uDE00 and the rest";
    assertEquals(0, run("predict", "--model-dir", model(), text), err.toString());
    assertTrue(
        out.toString().strip().endsWith("  " + "a".repeat(59) + "\uD83D\uDE00..."), out.toString());
  }

  /**
   * A line of {@value #HUGE_LINE_MB} MB of words, then a short one, generated into a child JVM with
   * a 64 MB heap, on its standard input and through a named pipe as {@code --file}: the prediction
   * of the long line's first {@value Words#MAX_WORDS} words, then the short line's (read whole, the
   * long line ended in an OutOfMemoryError).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-", "--file"})
  void aLineOfHundredsOfMegabytesIsReadInBoundedMemory(String source) throws Exception {
    byte[] chunk = TestModels.longReview(1 << 16).getBytes(UTF_8);
    List<String> args = new ArrayList<>(List.of("predict", "--model-dir", model(), "--json"));
    Path fifo = dir.resolve("reviews.fifo");
    if (source.equals("-")) {
      args.add("-");
    } else {
      Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
      assertEquals(0, mkfifo.waitFor());
      args.addAll(List.of("--file", fifo.toString()));
    }
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    Process predict =
        TextRnnProcess.command(List.of("-Xmx64m"), args.toArray(String[]::new))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    try (OutputStream input =
        source.equals("-") ? predict.getOutputStream() : Files.newOutputStream(fifo)) {
      for (long written = 0; written < (long) HUGE_LINE_MB << 20; written += chunk.length) {
        input.write(chunk);
      }
      input.write("\nA fine film.\n".getBytes(UTF_8));
    } catch (IOException e) {
      throw new AssertionError("predict stopped reading: " + Files.readString(stderr), e);
    }
    assertEquals(
        0,
        TextRnnProcess.exitCode(predict, Duration.ofMinutes(3), "predict"),
        Files.readString(stderr));
    ByteArrayOutputStream start = new ByteArrayOutputStream();
    while (Words.prefix(start.toByteArray(), Integer.MAX_VALUE).words() <= Words.MAX_WORDS) {
      start.writeBytes(chunk);
    }
    byte[] startBytes = start.toByteArray();
    String firstWords = new String(Words.limited(startBytes).of(startBytes), UTF_8);
    assertJson(predict(List.of(firstWords, "A fine film.")), Files.readAllLines(stdout));
  }

  private record MeasuredRun(List<String> lines, long peakBytes) {}

  private MeasuredRun predictInChildJvm(Path model, String review) throws Exception {
    Path reviews = Files.writeString(dir.resolve("review.txt"), review + "\n");
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    Process predict =
        TextRnnProcess.measuredCommand(
                List.of("-Xmx256m"),
                "predict",
                "--model-dir",
                model.toString(),
                "--file",
                reviews.toString())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    assertEquals(
        0,
        TextRnnProcess.exitCode(predict, Duration.ofMinutes(3), "predict"),
        Files.readString(stderr));
    return new MeasuredRun(
        Files.readAllLines(stdout), TextRnnProcess.peakResidentBytes(Files.readString(stderr)));
  }

  @Test
  void errorsAreOneLineWithExitCode2() {
    Path missing = dir.resolve("nothing");
    assertError(
        "predict: " + missing + ": no such model folder",
        "predict",
        "--model-dir",
        missing.toString(),
        "text");
    assertError(
        "predict: no review given; pass TEXT..., --file F, or - to read standard input",
        "predict",
        "--model-dir",
        model());
    assertError(
        "predict: " + missing + ": no such file or folder",
        "predict",
        "--model-dir",
        model(),
        "--file",
        missing.toString());
  }

  @Test
  void theModelFolderDefaultsToSavedmodel() {
    String usage = TextRnnCli.commandLine().getSubcommands().get("predict").getUsageMessage();
    assertTrue(
        usage.replaceAll("\\s+", " ").contains("(default: savedmodel in the current folder)"),
        usage);
  }

  private static void withStandardInput(byte[] input, Runnable action) {
    InputStream original = System.in;
    System.setIn(new ByteArrayInputStream(input));
    try {
      action.run();
    } finally {
      System.setIn(original);
    }
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
      assertEquals(List.of("text", "label", "probability", "scores", "logit"), fieldNames(line));
      assertEquals(expected.get(i).text(), line.get("text").asText());
      assertEquals(List.of("negative", "positive"), fieldNames(line.get("scores")));
      for (String name : List.of("negative", "positive")) {
        assertEquals(
            expected.get(i).scores().get(name), line.get("scores").get(name).asDouble(), 1e-6);
      }
      assertEquals(expected.get(i).logit(), line.get("logit").asDouble(), 1e-5, "line " + i);
      assertEquals(
          expected.get(i).probability(), line.get("probability").asDouble(), 1e-5, "line " + i);
      assertEquals(
          line.get("logit").asDouble() >= 0 ? "positive" : "negative", line.get("label").asText());
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
