package dev.textrnn.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.textrnn.data.Review;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.SavedModel;

/** Loading errors, concurrency and the prediction rules of SentimentModel. */
class SentimentModelTest {
  private static final int THREADS = 16;
  private static final int PREDICTIONS_PER_THREAD = 500;
  private static final int TEXTS_PER_CALL = 20;

  @TempDir Path dir;

  @Test
  void aFolderThatIsNotAModelGivesOneLine() throws IOException {
    assertOneLine(dir.resolve("missing"), "no such model folder");
    assertOneLine(dir, "not a SavedModel (no saved_model.pb)");
    Files.writeString(dir.resolve("saved_model.pb"), "not a protocol buffer");
    Files.createDirectories(SavedModelLayout.variablesIndex(dir).getParent());
    Files.writeString(SavedModelLayout.variablesIndex(dir), "not an index");
    assertOneLine(dir, "cannot load the SavedModel (");
  }

  @Test
  void aModelWithoutItsVariablesGivesOneLine() throws IOException {
    Path copy = copy(TestModels.small().dir(), dir.resolve("copy"));
    Path data =
        SavedModelLayout.variablesIndex(copy).resolveSibling("variables.data-00000-of-00001");
    Files.delete(data);
    assertOneLine(copy, "cannot load the SavedModel (");
    Files.delete(SavedModelLayout.variablesIndex(copy));
    assertOneLine(copy, "the SavedModel has no weights (variables/variables.index is missing)");
  }

  @Test
  void aSavedModelWithoutTheSignaturesGivesOneLine() throws IOException {
    Path copy = copy(TestModels.small().dir(), dir.resolve("copy"));
    Path proto = SavedModelLayout.savedModelProto(copy);
    SavedModel model = SavedModel.parseFrom(Files.readAllBytes(proto));
    Files.write(
        proto,
        model.toBuilder()
            .setMetaGraphs(
                0,
                model.getMetaGraphs(0).toBuilder().removeSignatureDef(SavedModelLayout.PREDICT_IDS))
            .build()
            .toByteArray());
    assertOneLine(copy, "the SavedModel has no signature 'predict_ids' (ids -> logits, scores)");
  }

  /** 150 texts of every length in one call: input order kept, each as it comes out alone. */
  @Test
  void manyTextsKeepTheirOrderAndOwnResults() {
    List<String> texts =
        new java.util.ArrayList<>(
            TestModels.testReviews(150).stream().map(r -> r.textString()).toList());
    texts.set(7, "");
    texts.set(99, "short");
    try (SentimentModel model = SentimentModel.load(TestModels.small().dir())) {
      List<Prediction> all = model.predict(texts);
      assertEquals(texts.size(), all.size());
      for (int i = 0; i < texts.size(); i++) {
        Prediction alone = model.predict(texts.get(i));
        assertEquals(texts.get(i), all.get(i).text());
        assertEquals(alone.logit(), all.get(i).logit(), 1e-5, "text " + i);
      }
      assertEquals(List.of(), model.predict(List.of()));
    }
  }

  /**
   * 16 threads, 500 predictions each (500 different reviews), on one model: no errors, and the
   * single-threaded results. Half the threads ask one text at a time, half {@value #TEXTS_PER_CALL}
   * at a time (batches within 1e-5 of a text alone).
   */
  @Test
  void concurrentPredictionsEqualSingleThreadedOnes() throws Exception {
    List<String> texts =
        TestModels.testReviews(PREDICTIONS_PER_THREAD).stream()
            .map(
                review ->
                    review.textString().substring(0, Math.min(300, review.textString().length())))
            .toList();
    try (SentimentModel model = SentimentModel.load(TestModels.small().dir())) {
      List<Prediction> expected = new ArrayList<>();
      for (String text : texts) {
        expected.add(model.predict(text));
      }
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        List<Callable<List<Prediction>>> tasks = new ArrayList<>();
        for (int thread = 0; thread < THREADS; thread++) {
          int offset = thread;
          List<String> rotated = new ArrayList<>(texts);
          Collections.rotate(rotated, -offset);
          tasks.add(
              () -> {
                List<Prediction> got = new ArrayList<>(texts.size());
                int perCall = offset % 2 == 0 ? 1 : TEXTS_PER_CALL;
                for (int i = 0; i < texts.size(); i += perCall) {
                  got.addAll(
                      model.predict(rotated.subList(i, Math.min(texts.size(), i + perCall))));
                }
                return got;
              });
        }
        List<Future<List<Prediction>>> results = pool.invokeAll(tasks);
        for (int thread = 0; thread < THREADS; thread++) {
          List<Prediction> got = results.get(thread).get();
          for (int i = 0; i < texts.size(); i++) {
            Prediction want = expected.get((i + thread) % texts.size());
            assertEquals(want.text(), got.get(i).text());
            assertEquals(
                want.logit(), got.get(i).logit(), 1e-5, "thread " + thread + ", prediction " + i);
            assertEquals(want.probability(), got.get(i).probability(), 1e-5);
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aClosedModelRefusesToPredict() {
    SentimentModel model = SentimentModel.load(TestModels.small().dir());
    model.close();
    model.close();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> model.predict("fine"));
    assertEquals(TestModels.small().dir() + ": the model is closed", e.getMessage());
  }

  /** A batch gives each text the logit it has alone (padding is masked), in order. */
  @Test
  void aBatchGivesEachTextItsOwnPrediction() {
    List<String> texts =
        Stream.concat(
                Stream.of("", "!!!", "Great."),
                TestModels.testReviews(5).stream().map(Review::textString))
            .toList();
    try (SentimentModel model = SentimentModel.load(TestModels.small().dir())) {
      List<Prediction> batch = model.predict(texts);
      assertEquals(texts.size(), batch.size());
      for (int i = 0; i < texts.size(); i++) {
        Prediction alone = model.predict(texts.get(i));
        assertEquals(texts.get(i), batch.get(i).text());
        assertEquals(alone.logit(), batch.get(i).logit(), 1e-5, texts.get(i));
      }
      assertEquals(List.of(), model.predict(List.of()));
    }
  }

  /**
   * A three-class prediction: the label of the largest logit, the scores their softmax, the model's
   * class names from its labels.txt.
   */
  @Test
  void aThreeClassPredictionIsTheSoftmaxOfItsLogits() {
    List<String> texts = TestModels.testReviews(40).stream().map(Review::textString).toList();
    try (SentimentModel model = SentimentModel.load(TestModels.threeClasses().dir())) {
      List<String> names = List.of("bad", "good", "so-so");
      assertEquals(names, model.classNames());
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (Prediction p : model.predict(texts)) {
        float[] logits = p.logits();
        assertEquals(3, logits.length);
        int best = 0;
        double sum = 0;
        for (int c = 0; c < 3; c++) {
          best = logits[c] > logits[best] ? c : best;
          sum += Math.exp(logits[c]);
        }
        assertEquals(names.get(best), p.label());
        for (int c = 0; c < 3; c++) {
          assertEquals(Math.exp(logits[c]) / sum, p.scores().get(names.get(c)), 1e-6);
        }
        assertEquals(p.scores().get(p.label()), p.probability(), 0f);
        assertThrows(IllegalStateException.class, p::logit);
        seen.add(p.label());
      }
      assertTrue(seen.size() > 1, "every text got " + seen);
    }
  }

  /** A model folder whose labels.txt is missing, or names other classes than its graph has. */
  @Test
  void classNamesThatDoNotFitTheGraphAreRefused() throws IOException {
    for (String labels : List.of("", "negative\n", "a\nb\nc\n", "a\na\n")) {
      Path copy =
          copy(TestModels.small().dir(), dir.resolve("labels-" + labels.replace('\n', '-')));
      Path file = copy.resolve("assets").resolve("labels.txt");
      if (labels.isEmpty()) {
        Files.delete(file);
        assertOneLine(copy, "the SavedModel has no class names (assets/labels.txt is missing)");
      } else {
        Files.writeString(file, labels);
        assertOneLine(copy, "assets/labels.txt names ");
      }
    }
  }

  /**
   * A two-class prediction: positive when the logit is at least 0; its probability is its label's;
   * the scores are [1 − p, p] with p = sigmoid(logit).
   */
  @Test
  void aTwoClassPredictionSaysItsLabelAndEveryClassesProbability() {
    List<String> texts = TestModels.testReviews(40).stream().map(Review::textString).toList();
    try (SentimentModel model = SentimentModel.load(TestModels.small().dir())) {
      assertEquals(List.of("negative", "positive"), model.classNames());
      for (Prediction p : model.predict(texts)) {
        double positive = 1 / (1 + Math.exp(-p.logit()));
        assertEquals(p.logit() >= 0 ? "positive" : "negative", p.label());
        assertEquals(List.of("negative", "positive"), List.copyOf(p.scores().keySet()));
        assertEquals(positive, p.scores().get("positive"), 1e-6);
        assertEquals(1 - positive, p.scores().get("negative"), 1e-6);
        assertEquals(p.scores().get(p.label()), p.probability(), 0f);
        assertTrue(p.probability() >= 0.5f);
      }
    }
  }

  private static void assertOneLine(Path folder, String problem) {
    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> SentimentModel.load(folder).close());
    String message = e.getMessage();
    assertTrue(message.startsWith(folder + ": " + problem), message);
    assertFalse(message.contains("\n"), "one line: " + message);
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Files.copy(
            path, to.resolve(from.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return to;
  }
}
