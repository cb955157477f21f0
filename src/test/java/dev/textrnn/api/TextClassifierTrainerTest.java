package dev.textrnn.api;

import static dev.textrnn.data.TopicTexts.topics;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.textrnn.data.Review;
import dev.textrnn.data.TestData;
import dev.textrnn.data.TopicTexts.Labelled;
import dev.textrnn.serving.Prediction;
import dev.textrnn.serving.SentimentModel;
import dev.textrnn.train.EpochRecord;
import dev.textrnn.train.Metrics;
import dev.textrnn.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real trainings through the builder on texts and labels in memory, as a Java user has them: the
 * trained model predicts and evaluates, and its exported SavedModel loads in {@link SentimentModel}
 * with its class names and the same predictions.
 */
class TextClassifierTrainerTest {
  @TempDir Path dir;

  /** Texts and their labels, side by side. */
  @Test
  void imdbReviewsAsStringsTrainAModelThatPredictsEvaluatesAndExports() throws IOException {
    Labelled train = imdb(TestData.labelled().train(), 320, 1);
    Labelled validation = imdb(TestData.labelled().test(), 96, 2);
    TextClassifierTrainer trainer =
        TextClassifierTrainer.builder()
            .maxTokens(500)
            .embeddingDim(16)
            .units(16)
            .denseUnits(16)
            .epochs(2)
            .batchSize(32)
            .learningRate(1e-3f)
            .build();

    try (TrainedClassifier model =
        trainer.fit(train.texts(), train.labels(), validation.texts(), validation.labels())) {
      assertEquals(List.of("neg", "pos"), model.classNames(), "the labels, sorted");
      assertEquals(List.of(16), model.config().recurrentUnits());
      List<EpochRecord> epochs = model.history().epochs();
      assertEquals(2, epochs.size());
      assertTrue(epochs.get(1).loss() < epochs.get(0).loss(), epochs.toString());

      List<Prediction> predictions = model.predict(validation.texts());
      Metrics metrics = model.evaluate(validation.texts(), validation.labels());
      // All 3 validation batches ran after the last epoch, on the training graph.
      assertEquals(epochs.get(1).valLoss(), metrics.loss(), 1e-6);
      assertEquals(epochs.get(1).valAccuracy(), metrics.accuracy());
      assertEquals(
          metrics.accuracy(),
          accuracy(predictions, validation.labels()),
          "evaluate counts predict's labels");
      assertEquals(1, predictions.get(0).logits().length, "the tutorial's head");

      Path exported = dir.resolve("model");
      model.export(exported);
      try (SentimentModel loaded = SentimentModel.load(exported)) {
        assertEquals(List.of("neg", "pos"), loaded.classNames());
        List<Prediction> served = loaded.predict(validation.texts());
        for (int i = 0; i < served.size(); i++) {
          assertEquals(predictions.get(i).label(), served.get(i).label());
          assertArrayEquals(predictions.get(i).logits(), served.get(i).logits(), "text " + i);
        }
      }
    }
  }

  /**
   * Three made-up topics, each text a few of its topic's words among filler: a softmax head, in the
   * order the class names are given, learns them.
   */
  @Test
  void threeClassesInTheGivenOrderGetASoftmaxHead() throws IOException {
    Labelled train = topics(300, 3);
    Labelled validation = topics(60, 4);
    TextClassifierTrainer trainer =
        TextClassifierTrainer.builder()
            .classNames("weather", "sports", "cooking")
            .maxTokens(100)
            .embeddingDim(8)
            .units(8)
            .denseUnits(8)
            .epochs(4)
            .batchSize(16)
            .learningRate(1e-2f)
            .build();

    try (TrainedClassifier model =
        trainer.fit(train.texts(), train.labels(), validation.texts(), validation.labels())) {
      assertEquals(List.of("weather", "sports", "cooking"), model.classNames());
      Metrics metrics = model.evaluate(validation.texts(), validation.labels());
      assertTrue(metrics.accuracy() > 0.9, "accuracy " + metrics.accuracy());
      Prediction first = model.predict(validation.texts().get(0));
      assertEquals(List.of("weather", "sports", "cooking"), List.copyOf(first.scores().keySet()));
      assertEquals(3, first.logits().length);
      assertEquals(first.probability(), first.scores().get(first.label()));

      Path exported = dir.resolve("topics");
      model.export(exported);
      try (SentimentModel loaded = SentimentModel.load(exported)) {
        assertEquals(List.of("weather", "sports", "cooking"), loaded.classNames());
        assertEquals(
            model.predict(validation.texts()).stream().map(Prediction::label).toList(),
            loaded.predict(validation.texts()).stream().map(Prediction::label).toList());
      }
    }
  }

  /**
   * A listener that stops after the first epoch, as Keras's EarlyStopping would; a history without
   * validation is written all the same.
   */
  @Test
  void aListenerStopsTraining() throws IOException {
    Labelled train = topics(48, 5);
    List<Integer> epochsSeen = new ArrayList<>();
    TrainingListener stopAfterOne =
        new TrainingListener() {
          @Override
          public void epochFinished(EpochRecord record) {
            epochsSeen.add(record.epoch());
          }

          @Override
          public boolean stopRequested() {
            return !epochsSeen.isEmpty();
          }
        };
    TextClassifierTrainer trainer =
        TextClassifierTrainer.builder()
            .maxTokens(100)
            .embeddingDim(4)
            .units(4)
            .denseUnits(4)
            .epochs(5)
            .batchSize(16)
            .listener(stopAfterOne)
            .build();

    try (TrainedClassifier model = trainer.fit(train.texts(), train.labels())) {
      assertEquals(List.of(1), epochsSeen);
      assertEquals(1, model.history().epochs().size());
      assertEquals(List.of("cooking", "sports", "weather"), model.classNames());
      assertTrue(Double.isNaN(model.history().epochs().get(0).valLoss()));
      model.history().write(dir.resolve("graphs"));
      assertTrue(Files.isRegularFile(dir.resolve("graphs/loss.png")));
    }
  }

  @Test
  void labelsThatCannotTrainAModelAreRefusedBeforeTraining() {
    TextClassifierTrainer trainer = TextClassifierTrainer.builder().build();
    List<String> texts = List.of("a fine film", "a dull film", "a film");

    assertEquals(
        "training: 3 texts but 2 labels",
        assertThrows(
                IllegalArgumentException.class, () -> trainer.fit(texts, List.of("pos", "neg")))
            .getMessage());
    assertEquals(
        "the training labels name one class only, 'pos'; a classifier needs texts of at least two",
        assertThrows(
                IllegalArgumentException.class,
                () -> trainer.fit(texts, List.of("pos", "pos", "pos")))
            .getMessage());
    assertEquals(
        "validation labels ['meh', 'so-so'] (the first at text 1) are not among the class names"
            + " [neg, pos]",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    trainer.fit(
                        texts, List.of("pos", "neg", "pos"), texts, List.of("pos", "meh", "so-so")))
            .getMessage());
    TextClassifierTrainer named =
        TextClassifierTrainer.builder().classNames("negative", "positive").build();
    assertEquals(
        "training labels ['neg'] (the first at text 1) are not among the class names"
            + " [negative, positive]",
        assertThrows(
                IllegalArgumentException.class,
                () -> named.fit(texts, List.of("positive", "neg", "positive")))
            .getMessage());
    assertEquals(
        "recurrentUnits[1] must be between 1 and 4096, got 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> TextClassifierTrainer.builder().units(8, 0).build())
            .getMessage());
  }

  /** Python's sorted(), which Keras uses for class names, compares code points, not UTF-16. */
  @Test
  void classNamesAreSortedByCodePoint() {
    assertEquals(
        List.of("a", "b", "\uFF61", "\uD83D\uDE00"),
        Labels.sortedOf(List.of("\uD83D\uDE00", "b", "\uFF61", "a", "b")).names());
  }

  /** {@code count} reviews drawn at random, labelled by their folder's name. */
  private static Labelled imdb(List<Review> reviews, int count, long seed) {
    List<Review> shuffled = new ArrayList<>(reviews);
    Collections.shuffle(shuffled, new Random(seed));
    List<Review> picked = shuffled.subList(0, count);
    return new Labelled(
        picked.stream().map(Review::textString).toList(),
        picked.stream().map(r -> r.label() == Review.POS ? "pos" : "neg").toList());
  }

  private static double accuracy(List<Prediction> predictions, List<String> labels) {
    long correct = 0;
    for (int i = 0; i < labels.size(); i++) {
      correct += predictions.get(i).label().equals(labels.get(i)) ? 1 : 0;
    }
    return (double) correct / labels.size();
  }
}
