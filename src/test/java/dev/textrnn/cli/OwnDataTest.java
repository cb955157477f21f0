package dev.textrnn.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textrnn.data.TopicTexts;
import dev.textrnn.data.TopicTexts.Labelled;
import dev.textrnn.serving.SentimentModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} and {@code evaluate} on a user's own labelled texts, as a CSV file and as a folder
 * in Keras's layout: the model takes the data's classes, learns them, and says them.
 */
class OwnDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aCsvFileTrainsAThreeClassModelThatEvaluateReadsBack() throws IOException {
    Path train = csv("train.csv", TopicTexts.topics(300, 1));
    Path test = csv("test.csv", TopicTexts.topics(90, 2));
    CommandRun run =
        train(
            "--data",
            train.toString(),
            "--test-data",
            test.toString(),
            "--epochs",
            "4",
            "--batch-size",
            "16",
            "--learning-rate",
            "1e-2",
            "--max-tokens",
            "50");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(
        run.out().contains("300 training, 90 validation and 90 test texts of 3 classes"),
        run.out());
    try (SentimentModel model = SentimentModel.load(dir.resolve("model"))) {
      assertEquals(TopicTexts.TOPICS, model.classNames());
    }

    CommandRun evaluate =
        CommandRun.of(
            "evaluate",
            "--data",
            test.toString(),
            "--model-dir",
            dir.resolve("model").toString(),
            "--json");
    assertEquals(0, evaluate.exitCode(), evaluate.err());
    JsonNode report = JSON.readTree(evaluate.out().lines().reduce((a, b) -> b).orElseThrow());
    assertEquals(90, report.get("texts").asInt());
    assertTrue(report.get("accuracy").asDouble() > 0.9, report.toString());
    assertEquals(
        TopicTexts.TOPICS, fieldNames(report.get("per_class")), "per-class figures of each class");
    assertTrue(!report.has("keras_accuracy"), "keras_accuracy is the two-class head's");
  }

  /** train/ and test/ subfolders are the splits; a validation split comes out of train/. */
  @Test
  void aFolderInKerasLayoutIsReadWithItsSplits() throws IOException {
    folder(dir.resolve("texts/train"), TopicTexts.topics(120, 3));
    folder(dir.resolve("texts/test"), TopicTexts.topics(30, 4));
    CommandRun run =
        train(
            "--data",
            dir.resolve("texts").toString(),
            "--validation-split",
            "0.25",
            "--epochs",
            "1",
            "--max-tokens",
            "50");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(
        run.out().contains("90 training, 30 validation and 30 test texts of 3 classes"), run.out());
  }

  /** train with its outputs in this test's folder. */
  private CommandRun train(String... args) {
    List<String> all = new ArrayList<>(List.of("train"));
    all.addAll(List.of(args));
    all.addAll(
        List.of(
            "--out",
            dir.resolve("model").toString(),
            "--graphs",
            dir.resolve("graphs").toString(),
            "--checkpoint",
            dir.resolve("checkpoint").toString()));
    return CommandRun.of(all.toArray(String[]::new));
  }

  private Path csv(String name, Labelled texts) throws IOException {
    StringBuilder csv = new StringBuilder("text,label\n");
    for (int i = 0; i < texts.texts().size(); i++) {
      csv.append('"').append(texts.texts().get(i)).append("\",").append(texts.labels().get(i));
      csv.append('\n');
    }
    Path file = dir.resolve(name);
    Files.writeString(file, csv, UTF_8);
    return file;
  }

  private static void folder(Path root, Labelled texts) throws IOException {
    for (int i = 0; i < texts.texts().size(); i++) {
      Path file = root.resolve(texts.labels().get(i)).resolve(i + ".txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, texts.texts().get(i), UTF_8);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
