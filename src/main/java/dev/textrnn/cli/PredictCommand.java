package dev.textrnn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.textrnn.serving.Prediction;
import dev.textrnn.serving.SentimentModel;
import dev.textrnn.text.Words;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code textrnn predict}: classifies reviews with a SavedModel, one output line per review. Texts
 * run through the model in batches of {@value #BATCH}, printed as each batch is done. Errors
 * propagate to {@link TextRnnCli}'s handler: one line on stderr, exit code 2.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Classifies texts with a SavedModel: the label, its probability, and for a two-class model"
          + " its logit (class 1, for IMDB positive, when logit >= 0).",
      "Prints per text: label, probability, logit (two classes) and the start of the text."
    })
public final class PredictCommand implements Callable<Integer> {
  static final int BATCH = 256;
  private static final int SHOWN_CHARACTERS = 60;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--model-dir",
      paramLabel = "DIR",
      defaultValue = "savedmodel",
      description = "SavedModel folder (default: ${DEFAULT-VALUE} in the current folder)")
  private Path modelDir;

  @Option(
      names = "--json",
      description =
          "One JSON object per line: text, label, probability, scores (every class's"
              + " probability), and logit for a two-class model.")
  private boolean json;

  @Option(
      names = "--file",
      paramLabel = "F",
      description =
          "Read reviews from F, one per line; blank lines are skipped, and only the first "
              + Words.MAX_WORDS
              + " words of a line count.")
  private Path file;

  @Parameters(
      paramLabel = "TEXT",
      arity = "0..*",
      description = "Reviews to classify; - reads reviews from standard input, one per line.")
  private List<String> texts = new ArrayList<>();

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (file == null && texts.isEmpty()) {
      throw new Checks.UsageError(
          "no review given; pass TEXT..., --file F, or - to read standard input");
    }
    if (file != null && Files.isDirectory(file)) {
      throw new Checks.UsageError(
          "--file " + file + ": is a folder; pass a text file with one review per line");
    }
    try (SentimentModel model = ModelInput.load(modelDir)) {
      Batcher batcher = new Batcher(model, spec.commandLine().getOut());
      if (file != null) {
        try (InputStream lines = Files.newInputStream(file)) {
          batcher.addLines(new ReviewLines(lines));
        }
      }
      for (String text : texts) {
        if (text.equals("-")) {
          batcher.addLines(new ReviewLines(System.in));
        } else {
          batcher.add(text);
        }
      }
      batcher.flush();
    }
    return 0;
  }

  /** Collects texts and runs them through the model {@value #BATCH} at a time. */
  private final class Batcher {
    private final SentimentModel model;
    private final PrintWriter out;
    private final List<String> pending = new ArrayList<>(BATCH);

    Batcher(SentimentModel model, PrintWriter out) {
      this.model = model;
      this.out = out;
    }

    void add(String text) {
      pending.add(text);
      if (pending.size() == BATCH) {
        flush();
      }
    }

    void addLines(ReviewLines lines) throws IOException {
      for (String line = lines.next(); line != null; line = lines.next()) {
        if (!line.isBlank()) {
          add(line);
        }
      }
    }

    void flush() {
      for (Prediction prediction : model.predict(pending)) {
        out.println(json ? toJson(prediction) : toLine(prediction));
      }
      out.flush();
      pending.clear();
    }
  }

  /**
   * {@code positive probability=0.910 logit=2.31 The movie was cool...}: the label and its
   * probability, and a two-class model's logit.
   */
  static String toLine(Prediction p) {
    String text = p.text().replaceAll("\\s+", " ").strip();
    if (text.codePointCount(0, text.length()) > SHOWN_CHARACTERS) {
      text =
          text.substring(0, text.offsetByCodePoints(0, SHOWN_CHARACTERS)).stripTrailing() + "...";
    }
    String logit =
        p.logits().length == 1 ? String.format(Locale.ROOT, "  logit=%.2f", p.logit()) : "";
    return String.format(
        Locale.ROOT, "%s  probability=%.3f%s  %s", p.label(), p.probability(), logit, text);
  }

  static String toJson(Prediction p) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("text", p.text())
            .put("label", p.label())
            .put("probability", p.probability());
    ObjectNode scores = node.putObject("scores");
    p.scores().forEach(scores::put);
    if (p.logits().length == 1) {
      node.put("logit", p.logit());
    }
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
