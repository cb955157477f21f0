package dev.textrnn.spark;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.textrnn.data.Review;
import dev.textrnn.serving.Prediction;
import dev.textrnn.serving.SentimentModel;
import dev.textrnn.serving.TestModels;
import dev.textrnn.text.HardText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/** The transformer in Spark's local mode against {@link SentimentModel} on the shipped model. */
class TextClassifierTransformerTest {
  private static final Path SHIPPED_MODEL = Path.of("savedmodel").toAbsolutePath();
  private static final StructType REVIEWS =
      new StructType()
          .add("id", DataTypes.IntegerType, false)
          .add("text", DataTypes.StringType, true)
          .add("source", DataTypes.StringType, true);

  @TempDir static Path folder;
  private static SparkSession spark;
  private static SentimentModel model;
  private static List<String> texts;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start(folder.resolve("warehouse"));
    model = SentimentModel.load(SHIPPED_MODEL);
    texts = new ArrayList<>();
    TestModels.testReviews(40).stream().map(Review::textString).forEach(texts::add);
    texts.addAll(HardText.examples().values());
    texts.add(null);
  }

  @AfterAll
  static void stop() {
    model.close();
    spark.stop();
  }

  @Test
  void predictionsAreSentimentModelsInEveryPartitioning() {
    for (int partitions : new int[] {1, 7}) {
      Dataset<Row> scored = transformer(SHIPPED_MODEL).transform(reviews(texts, partitions));
      assertEquals(
          List.of("id", "text", "source", "predicted_label", "probability", "scores"),
          Arrays.asList(scored.columns()));
      assertPredictions(texts, scored.collectAsList(), partitions + " partitions");
    }
  }

  @Test
  void loadsTheModelOncePerJvm() throws IOException {
    Path copy = copyOfShippedModel("once");
    TextClassifierTransformer transformer = transformer(copy).setBatchSize(3);
    assertEquals(0, loads(copy.toString()));
    assertEquals(texts.size(), transformer.transform(reviews(texts, 7)).collectAsList().size());
    assertEquals(1, loads(copy.toString()), "7 partitions of batches of 3, two tasks at a time");
    transformer.transform(reviews(texts, 7)).collectAsList();
    assertEquals(1, loads(copy.toString()), "a second job");
  }

  @Test
  void aPipelineSavedAndLoadedPredictsTheSame() throws IOException {
    Dataset<Row> data = reviews(texts, 3);
    TextClassifierTransformer transformer =
        transformer(SHIPPED_MODEL)
            .setInputCol("text")
            .setLabelCol("sentiment")
            .setProbabilityCol("confidence")
            .setScoresCol("by_class")
            .setBatchSize(5);
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {transformer}).fit(data);
    String saved = folder.resolve("pipeline").toString();
    fitted.write().save(saved);
    PipelineModel loaded = PipelineModel.load(saved);

    TextClassifierTransformer stage = (TextClassifierTransformer) loaded.stages()[0];
    assertEquals(transformer.uid(), stage.uid());
    assertEquals(SHIPPED_MODEL.toString(), stage.getOrDefault(stage.modelPath()));
    assertEquals(5, stage.getOrDefault(stage.batchSize()));
    assertEquals("by_class", stage.getOrDefault(stage.scoresCol()));
    List<Row> before = fitted.transform(data).collectAsList();
    List<Row> after = loaded.transform(data).collectAsList();
    assertEquals(before, after);
    assertEquals(
        List.of("id", "text", "source", "sentiment", "confidence", "by_class"),
        Arrays.asList(loaded.transform(data).columns()));
    assertPredictions(texts, after, "the loaded pipeline");

    String alone = folder.resolve("transformer").toString();
    transformer.write().save(alone);
    assertEquals(before, TextClassifierTransformer.load(alone).transform(data).collectAsList());
  }

  @Test
  void anEmptyPartitionAndATenMegabyteTextPass() {
    String huge = TestModels.longReview(10 << 20);
    List<String> two = Arrays.asList("A wonderful film.", huge);
    Dataset<Row> data = reviews(two, 3); // two rows in three partitions: one has none
    assertTrue(
        data.javaRDD().glom().collect().stream().anyMatch(List::isEmpty), "a partition of no rows");
    assertPredictions(two, transformer(SHIPPED_MODEL).transform(data).collectAsList(), "10 MB");
    assertEquals(
        0, transformer(SHIPPED_MODEL).transform(reviews(List.of(), 2)).collectAsList().size());
  }

  @Test
  void aFolderOnAnotherFileSystemIsCopiedOnce() throws IOException {
    Path copy = copyOfShippedModel("remote");
    spark
        .sparkContext()
        .hadoopConfiguration()
        .set("fs." + ElsewhereFileSystem.SCHEME + ".impl", ElsewhereFileSystem.class.getName());
    String remote = ElsewhereFileSystem.SCHEME + "://" + copy;
    Dataset<Row> scored =
        transformer(SHIPPED_MODEL).setModelPath(remote).transform(reviews(texts, 4));
    assertPredictions(texts, scored.collectAsList(), "copied from " + remote);
    assertEquals(1, loads(remote));
    assertEquals(0, loads(copy.toString()), "the copy, not the folder itself");
  }

  @Test
  void aBadModelPathIsOneMessageNamingIt() throws IOException {
    Dataset<Row> data = reviews(texts, 2);
    Path missing = folder.resolve("no-such-model");
    assertMessage(
        "modelPath file:"
            + missing
            + ": no such model folder; pass the folder that holds"
            + " saved_model.pb",
        () -> transformer(missing).transform(data));

    Path notAModel = Files.createDirectories(folder.resolve("not-a-model"));
    assertMessage(
        "modelPath file:"
            + notAModel
            + ": not a SavedModel (no saved_model.pb); pass the folder that textrnn exported",
        () -> transformer(notAModel).transform(data));

    assertMessage(
        "modelPath is not set; set it to the SavedModel folder (the one holding saved_model.pb)",
        () -> new TextClassifierTransformer().transform(data));

    Path broken = copyOfShippedModel("broken");
    Files.write(broken.resolve("saved_model.pb"), new byte[] {1, 2, 3});
    Dataset<Row> scored = transformer(broken).transform(data); // the executors load it
    SparkException failure = assertThrows(SparkException.class, scored::collectAsList);
    assertTrue(
        failure.getMessage().contains(broken + ": cannot load the SavedModel"),
        failure.getMessage());
  }

  @Test
  void aMissingOrWrongInputColumnIsOneMessageNamingIt() {
    Dataset<Row> data = reviews(texts, 2);
    assertMessage(
        "inputCol review: no such column (the columns are id, text, source); set inputCol to the"
            + " column of texts",
        () -> transformer(SHIPPED_MODEL).setInputCol("review").transform(data));
    assertMessage(
        "inputCol id: a column of int, not of strings; cast it to string or set inputCol to the"
            + " column of texts",
        () -> transformer(SHIPPED_MODEL).setInputCol("id").transform(data));
    assertMessage(
        "labelCol source: the DataFrame already has this column; set labelCol to a new name",
        () -> transformer(SHIPPED_MODEL).setLabelCol("source").transform(data));
  }

  private static TextClassifierTransformer transformer(Path modelPath) {
    return new TextClassifierTransformer().setModelPath(modelPath.toString());
  }

  /** The texts as rows (their index, the text, a column to keep) in this many partitions. */
  private static Dataset<Row> reviews(List<String> texts, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      rows.add(RowFactory.create(i, texts.get(i), "row " + i));
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(context.parallelize(rows, partitions), REVIEWS);
  }

  /** The rows are the texts' in order, untouched, each with SentimentModel's prediction. */
  private static void assertPredictions(List<String> texts, List<Row> rows, String what) {
    assertEquals(texts.size(), rows.size(), what);
    List<Prediction> expected =
        model.predict(texts.stream().map(text -> text == null ? "" : text).toList());
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      String where = what + ", row " + i;
      assertEquals(i, row.getInt(0), where);
      assertEquals(asSparkHoldsIt(texts.get(i)), row.getString(1), where);
      assertEquals("row " + i, row.getString(2), where);
      assertEquals(expected.get(i).label(), row.getString(3), where);
      assertEquals(expected.get(i).probability(), row.getDouble(4), 1e-6, where);
      Map<String, Object> scores = CollectionConverters.asJava(row.<String, Object>getMap(5));
      assertEquals(model.classNames(), List.copyOf(scores.keySet()), where);
      for (String label : model.classNames()) {
        assertEquals(expected.get(i).scores().get(label), (Double) scores.get(label), 1e-6, where);
      }
    }
  }

  /** Spark holds strings as UTF-8, where a lone surrogate becomes '?' (as in {@code predict}). */
  private static String asSparkHoldsIt(String text) {
    return text == null ? null : new String(text.getBytes(UTF_8), UTF_8);
  }

  private static void assertMessage(String message, Runnable transform) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, transform::run);
    assertEquals(message, e.getMessage());
  }

  private static int loads(String modelPath) {
    return ExecutorModels.loads(modelPath, spark.sparkContext().hadoopConfiguration());
  }

  private static Path copyOfShippedModel(String name) throws IOException {
    Path copy = Files.createDirectories(folder.resolve(name)).resolve("savedmodel");
    try (Stream<Path> files = Files.walk(SHIPPED_MODEL)) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(SHIPPED_MODEL.relativize(file).toString()));
      }
    }
    return copy;
  }
}
