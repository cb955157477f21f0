package dev.textrnn.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.textrnn.data.Batch;
import dev.textrnn.data.Review;
import dev.textrnn.serving.TestModels.Exported;
import dev.textrnn.text.EncodedBatch;
import dev.textrnn.text.Standardize;
import dev.textrnn.text.TextVectorization;
import dev.textrnn.train.TrainingGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;

/** The exported SavedModel against the training graph, and the export's files and atomicity. */
class SavedModelExporterTest {
  private static final int REVIEWS = 300;
  private static final int BATCH = 50;

  @TempDir Path dir;

  /**
   * Raw text through serving_default, and the Java ids through predict_ids, give the training
   * graph's logits on the same ids; the positive class's probability is their sigmoid.
   */
  @ParameterizedTest
  @ValueSource(strings = {"lstm", "stacked-gru"})
  void logitsEqualTheTrainingGraphs(String name) {
    Exported model =
        name.equals("lstm")
            ? TestModels.small()
            : TestModels.export(TestModels.STACKED_GRU, 12, dir.resolve("model"));
    List<String> texts = TestModels.testReviews(REVIEWS).stream().map(Review::textString).toList();
    float lowest = Float.MAX_VALUE;
    float highest = -Float.MAX_VALUE;
    try (TrainingGraph training =
            new TrainingGraph(model.config(), 1e-3f, 1, TrainingGraph.RunSettings.defaults());
        SentimentModel loaded = SentimentModel.load(model.dir())) {
      training.parameterValues().write(training.session(), model.weights());
      for (int start = 0; start < texts.size(); start += BATCH) {
        List<String> batch = texts.subList(start, start + BATCH);
        EncodedBatch ids = model.vectorizer().encodeStringBatch(batch);
        float[] expected =
            training
                .evaluate(
                    new Batch(
                        ids.rows(), ids.columns(), ids.ids(), ids.lengths(), new float[ids.rows()]))
                .logits();
        List<Prediction> predictions = loaded.predict(batch);
        float[] byIds = loaded.predictLogits(ids);
        for (int i = 0; i < expected.length; i++) {
          Prediction p = predictions.get(i);
          assertEquals(expected[i], p.logit(), 1e-5, "text logit of review " + (start + i));
          assertEquals(expected[i], byIds[i], 1e-5, "ids logit of review " + (start + i));
          assertEquals(
              1 / (1 + Math.exp(-p.logit())),
              p.scores().get("positive"),
              1e-6,
              "probability of review " + (start + i));
          assertEquals(batch.get(i), p.text());
          lowest = Math.min(lowest, expected[i]);
          highest = Math.max(highest, expected[i]);
        }
      }
    }
    assertTrue(
        highest - lowest > 0.1,
        "the random model should spread its logits, got [" + lowest + ", " + highest + "]");
  }

  /**
   * Loading restores the written weights: the init op fills the table without re-initializing
   * variables.
   */
  @Test
  void loadingRestoresTheWrittenWeights() {
    Exported model = TestModels.small();
    assertWeights(model.weights(), model.dir());
  }

  @Test
  void assetsHoldTheVocabularyAndADescription() throws IOException {
    Exported model = TestModels.small();
    TextVectorization saved =
        TextVectorization.load(
            SavedModelLayout.vocabularyAsset(model.dir()), Standardize.LOWER_AND_STRIP_PUNCTUATION);
    assertEquals(model.vectorizer().getVocabulary(), saved.getVocabulary());
    long parameters = model.weights().values().stream().mapToLong(values -> values.length).sum();
    assertEquals(
        new ModelInfo(
            model.config(), 1000, Standardize.LOWER_AND_STRIP_PUNCTUATION, null, parameters),
        ModelInfo.read(model.dir()));
  }

  /**
   * A model as an older textrnn exported it (no labels.txt, no class names in textrnn.json, only
   * logits and probabilities) is refused in one line, and re-exported with the same weights, its
   * IMDB class names and today's outputs.
   */
  @Test
  void aModelOfAnOlderTextrnnIsReexportedWithItsWeightsAndClassNames() throws IOException {
    Exported model = TestModels.small();
    Path old = dir.resolve("old");
    try (Stream<Path> files = Files.walk(model.dir())) {
      for (Path file : files.toList()) {
        Files.copy(file, old.resolve(model.dir().relativize(file).toString()));
      }
    }
    Files.delete(SavedModelLayout.labelsAsset(old));
    ObjectNode info =
        (ObjectNode) new ObjectMapper().readTree(SavedModelLayout.infoAsset(old).toFile());
    ((ObjectNode) info.get("config")).remove("classNames");
    new ObjectMapper().writeValue(SavedModelLayout.infoAsset(old).toFile(), info);
    ModelLoadException refused =
        assertThrows(ModelLoadException.class, () -> SentimentModel.load(old).close());
    assertTrue(
        refused.getMessage().contains("export --model-dir " + old + " --out NEW_DIR"),
        refused.getMessage());

    Path upgraded = dir.resolve("upgraded");
    SavedModelExporter.reexport(old, upgraded);
    assertWeights(model.weights(), upgraded);
    assertEquals(model.config(), ModelInfo.read(upgraded).config());
    List<String> texts = TestModels.testReviews(20).stream().map(Review::textString).toList();
    try (SentimentModel before = SentimentModel.load(model.dir());
        SentimentModel after = SentimentModel.load(upgraded)) {
      assertEquals(List.of("negative", "positive"), after.classNames());
      List<Prediction> expected = before.predict(texts);
      List<Prediction> actual = after.predict(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertEquals(expected.get(i).logit(), actual.get(i).logit(), 0f);
        assertEquals(expected.get(i).label(), actual.get(i).label());
      }
    }
    assertThrows(
        ModelLoadException.class,
        () -> SavedModelExporter.reexport(dir.resolve("absent"), upgraded));
  }

  @Test
  void exportReplacesAnExistingModelWithTheCompleteNewOne() {
    Path target = dir.resolve("model");
    TestModels.export(TestModels.TINY, 1, target);
    Exported second = TestModels.export(TestModels.TINY, 2, target);
    assertWeights(second.weights(), target);
    assertEquals(List.of("model"), entries(dir), "nothing left beside the model");
  }

  /**
   * A failure at the last moment, with the new model complete, leaves the old one and no temporary
   * folder.
   */
  @Test
  void failedExportLeavesTheOldModel() {
    Path target = dir.resolve("model");
    Exported old = TestModels.export(TestModels.TINY, 1, target);
    List<Path> seen = new ArrayList<>();
    IOException failure =
        assertThrows(
            IOException.class,
            () ->
                SavedModelExporter.export(
                    TestModels.TINY,
                    TestModels.randomWeights(TestModels.TINY, 2),
                    old.vectorizer(),
                    target,
                    complete -> {
                      seen.add(complete);
                      assertTrue(Files.isRegularFile(SavedModelLayout.savedModelProto(complete)));
                      assertTrue(Files.isRegularFile(SavedModelLayout.variablesIndex(complete)));
                      assertTrue(Files.isRegularFile(SavedModelLayout.infoAsset(complete)));
                      throw new IOException("simulated failure before the rename");
                    }));
    assertEquals("simulated failure before the rename", failure.getMessage());
    assertEquals(target.getParent(), seen.get(0).getParent(), "built beside the target");
    assertWeights(old.weights(), target);
    assertEquals(List.of("model"), entries(dir), "temporary folder removed");
  }

  @Test
  void weightsThatDoNotFitTheModelOrHoldNaNAreRejectedAndTheOldModelStays() {
    Path target = dir.resolve("model");
    Exported old = TestModels.export(TestModels.TINY, 1, target);
    Map<String, double[]> incomplete = new LinkedHashMap<>(old.weights());
    incomplete.remove("dense_1/bias");
    incomplete.put("dense_2/bias", new double[1]);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SavedModelExporter.export(TestModels.TINY, incomplete, old.vectorizer(), target));
    assertEquals(
        "the weights do not fit the model: missing [dense_1/bias], unknown [dense_2/bias]",
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SavedModelExporter.export(
                TestModels.TINY.withVocabularySize(999), old.weights(), old.vectorizer(), target));
    // A diverged run's weights would replace a working model with one that predicts only NaN.
    Map<String, double[]> diverged = new LinkedHashMap<>(old.weights());
    diverged.put("dense_1/bias", new double[] {Double.NaN});
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SavedModelExporter.export(TestModels.TINY, diverged, old.vectorizer(), target));
    assertEquals(
        "the weights of dense_1/bias hold NaN or infinity (the training diverged); such a model predicts"
            + " only NaN",
        e.getMessage());
    assertWeights(old.weights(), target);
    assertEquals(List.of("model"), entries(dir));
  }

  @Test
  void targetUnderAFileFailsAndCreatesNothing() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "not a folder");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                SavedModelExporter.export(
                    TestModels.TINY,
                    TestModels.randomWeights(TestModels.TINY, 1),
                    TestModels.imdbVectorizer(),
                    file.resolve("model")));
    assertEquals(file + " is a file, not a folder; cannot export a model into it", e.getMessage());
    assertThrows(
        IOException.class,
        () ->
            SavedModelExporter.export(
                TestModels.TINY,
                TestModels.randomWeights(TestModels.TINY, 1),
                TestModels.imdbVectorizer(),
                file.resolve("deeper/model")),
        "nor anywhere below the file");
    assertEquals(List.of("file"), entries(dir));
  }

  @Test
  void aFolderThatIsNotAModelIsNeverReplaced() throws IOException {
    Path notes = Files.createDirectory(dir.resolve("notes"));
    Files.writeString(notes.resolve("todo.txt"), "keep me");
    assertThrows(
        FileAlreadyExistsException.class,
        () ->
            SavedModelExporter.export(
                TestModels.TINY,
                TestModels.randomWeights(TestModels.TINY, 1),
                TestModels.imdbVectorizer(),
                notes));
    assertEquals("keep me", Files.readString(notes.resolve("todo.txt")));
    assertEquals(List.of("notes"), entries(dir));
  }

  /**
   * Every variable of the SavedModel, read back in a fresh bundle, equals the float value written.
   */
  static void assertWeights(Map<String, double[]> expected, Path model) {
    try (SavedModelBundle bundle = SavedModelBundle.load(model.toString(), SavedModelLayout.TAG)) {
      Session.Runner runner = bundle.session().runner();
      List<String> names = List.copyOf(expected.keySet());
      names.forEach(name -> runner.fetch(name.replace('/', '.'))); // the graph names of Parameter
      try (Result result = runner.run()) {
        for (int i = 0; i < names.size(); i++) {
          double[] written = expected.get(names.get(i));
          float[] wanted = new float[written.length];
          for (int j = 0; j < written.length; j++) {
            wanted[j] = (float) written[j];
          }
          float[] loaded = new float[wanted.length];
          result.get(i).asRawTensor().data().asFloats().read(loaded);
          assertArrayEquals(wanted, loaded, names.get(i));
        }
      }
    }
  }

  private static List<String> entries(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
