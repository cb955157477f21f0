package dev.textrnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textrnn.io.FileTree;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.serving.Prediction;
import dev.textrnn.serving.SentimentModel;
import dev.textrnn.serving.TestModels;
import dev.textrnn.text.TextVectorization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --out DIR --version N} writes the version folder DIR/N whole (a reader of DIR never
 * sees it half-written), refuses an N that exists in one line, and {@code serve --model-base-path
 * DIR} in a child JVM serves it, then the next version exported beside it.
 */
class ExportVersionServeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> TEXTS =
      List.of("A wonderful, moving film with a great cast.", "Dull and far too long.", "");

  @TempDir Path dir;

  @Test
  void exportedVersionsAreWrittenOnceAndServed() throws Exception {
    TextVectorization vectorizer = TextVectorization.builder().maxTokens(100).adaptStrings(TEXTS);
    ModelConfig config = ModelConfig.tutorial().withVocabularySize(vectorizer.vocabularySize());
    Path checkpoint = dir.resolve("checkpoint");
    TestCheckpoints.write(
        checkpoint,
        TestCheckpoints.quickRecipe(config),
        TestModels.randomWeights(config, 3),
        vectorizer);
    Path base = dir.resolve("models");

    exportWatched(checkpoint, base, 1);
    List<String> written = FileTree.snapshot(base);
    CommandRun again = export(checkpoint, base, 1);
    assertEquals(2, again.exitCode(), again.err());
    assertEquals(
        "export: --version 1: "
            + base.resolve("1")
            + " exists, and a version is written once (a server never reloads one it serves);"
            + " export a new version with --version 2, or delete "
            + base.resolve("1")
            + " first\n",
        again.err());
    assertEquals(written, FileTree.snapshot(base), "version 1 untouched");

    Process serve =
        TextRnnProcess.command(
                List.of(),
                "serve",
                "--model-base-path",
                base.toString(),
                "--port",
                "0",
                "--file-system-poll-wait-seconds",
                "1")
            .redirectError(dir.resolve("serve.err").toFile())
            .start();
    try {
      String model =
          "http://127.0.0.1:" + TextRnnProcess.awaitServing(serve) + "/v1/models/textrnn";
      assertEquals("[[\"1\",\"AVAILABLE\"]]", states(model));
      List<Prediction> expected;
      try (SentimentModel exported = SentimentModel.load(base.resolve("1"))) {
        expected = exported.predict(TEXTS);
      }
      JsonNode predictions =
          JSON.readTree(
                  send(
                      HttpRequest.newBuilder(URI.create(model + ":predict"))
                          .POST(
                              HttpRequest.BodyPublishers.ofString(
                                  JSON.writeValueAsString(Map.of("instances", TEXTS))))))
              .get("predictions");
      for (int i = 0; i < TEXTS.size(); i++) {
        float[] logits = {(float) predictions.get(i).get("logits").get(0).asDouble()};
        assertArrayEquals(expected.get(i).logits(), logits, 1e-6f, "text " + i);
      }

      exportWatched(checkpoint, base, 2);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!states(model).equals("[[\"2\",\"AVAILABLE\"],[\"1\",\"END\"]]")
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals("[[\"2\",\"AVAILABLE\"],[\"1\",\"END\"]]", states(model));

      serve.destroy();
      assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve still runs after SIGTERM");
      assertEquals(0, serve.exitValue(), Files.readString(dir.resolve("serve.err")));
    } finally {
      serve.destroyForcibly();
    }
  }

  /**
   * Exports version N while another thread reads the base path: whenever N/ is there, it holds a
   * whole SavedModel.
   */
  private static void exportWatched(Path checkpoint, Path base, long version) throws Exception {
    Path folder = base.resolve(Long.toString(version));
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> half = new AtomicReference<>();
    Thread watcher =
        new Thread(
            () -> {
              while (!done.get() && half.get() == null) {
                if (Files.isDirectory(folder)
                    && !(Files.isRegularFile(folder.resolve("saved_model.pb"))
                        && Files.isRegularFile(folder.resolve("variables/variables.index"))
                        && Files.isRegularFile(folder.resolve("assets/labels.txt")))) {
                  half.set(FileTree.snapshot(base).toString());
                }
                try {
                  Thread.sleep(1);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    watcher.start();
    CommandRun run;
    try {
      run = export(checkpoint, base, version);
    } finally {
      done.set(true);
      watcher.join();
    }
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(null, half.get(), "a half-written version folder was visible");
    assertTrue(Files.isRegularFile(folder.resolve("saved_model.pb")));
  }

  private static CommandRun export(Path checkpoint, Path base, long version) {
    return CommandRun.of(
        "export",
        "--checkpoint",
        checkpoint.toString(),
        "--out",
        base.toString(),
        "--version",
        Long.toString(version));
  }

  /** The status's versions and states, as [["2","AVAILABLE"],["1","END"]]. */
  private static String states(String model) throws Exception {
    JsonNode status = JSON.readTree(send(HttpRequest.newBuilder(URI.create(model))));
    StringBuilder states = new StringBuilder("[");
    for (JsonNode version : status.get("model_version_status")) {
      states
          .append(states.length() > 1 ? "," : "")
          .append("[\"")
          .append(version.get("version").asText())
          .append("\",\"")
          .append(version.get("state").asText())
          .append("\"]");
    }
    return states.append("]").toString();
  }

  private static String send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }
}
