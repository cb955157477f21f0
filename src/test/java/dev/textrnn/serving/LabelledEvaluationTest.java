package dev.textrnn.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.textrnn.data.Review;
import dev.textrnn.train.ConfusionMatrix;
import dev.textrnn.train.Metrics;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Evaluating a served model on texts labelled by class name. */
class LabelledEvaluationTest {
  private static final List<String> CLASSES = List.of("bad", "good", "so-so");

  @Test
  void labelsBecomeTheirClassesIndices() {
    try (SentimentModel model = SentimentModel.load(TestModels.threeClasses().dir())) {
      assertArrayEquals(
          new int[] {1, 0, 2, 1}, model.classIndices(List.of("good", "bad", "so-so", "good")));
      assertArrayEquals(new int[0], model.classIndices(List.of()));
    }
  }

  /** Every unknown label is named once, sorted; beyond ten, how many more there are. */
  @Test
  void labelsThatAreNotTheModelsClassesAreNamedInOneLine() {
    try (SentimentModel model = SentimentModel.load(TestModels.threeClasses().dir())) {
      UnknownLabelsException two =
          assertThrows(
              UnknownLabelsException.class,
              () -> model.classIndices(List.of("pos", "good", "neg", "pos", "Good")));
      assertEquals(
          "labels Good, neg, pos are not among the model's classes (bad, good, so-so)",
          two.getMessage());
      assertEquals(List.of("Good", "neg", "pos"), two.unknownLabels());
      assertEquals(
          "label  is not among the model's classes (bad, good, so-so)",
          assertThrows(UnknownLabelsException.class, () -> model.classIndices(List.of("")))
              .getMessage());
      List<String> many =
          IntStream.range(0, 12).mapToObj(i -> String.format("l%02d", 11 - i)).toList();
      assertEquals(
          "labels l00, l01, l02, l03, l04, l05, l06, l07, l08, l09 and 2 more are not among the"
              + " model's classes (bad, good, so-so)",
          assertThrows(UnknownLabelsException.class, () -> model.evaluate(many, many, 4))
              .getMessage());
    }
  }

  /**
   * The confusion matrix, accuracy and loss that evaluate gives are those of the model's own
   * predictions, counted here one by one.
   */
  @Test
  void theFiguresAreThoseOfThePredictions() {
    List<Review> reviews = TestModels.testReviews(90);
    List<String> texts = reviews.stream().map(Review::textString).toList();
    List<String> labels =
        reviews.stream()
            .map(r -> CLASSES.get(r.rating() <= 2 ? 0 : r.rating() >= 9 ? 1 : 2))
            .toList();
    try (SentimentModel model = SentimentModel.load(TestModels.threeClasses().dir())) {
      Metrics metrics = model.evaluate(texts, labels, 7);
      List<Prediction> predictions = model.predict(texts);
      long[][] expected = new long[3][3];
      double lossSum = 0;
      for (int i = 0; i < texts.size(); i++) {
        Prediction p = predictions.get(i);
        expected[CLASSES.indexOf(labels.get(i))][CLASSES.indexOf(p.label())]++;
        lossSum -= Math.log(p.scores().get(labels.get(i)));
      }
      ConfusionMatrix confusion = metrics.confusionMatrix();
      assertArrayEquals(expected, confusion.counts());
      assertEquals(texts.size(), metrics.samples());
      assertEquals(
          (double) (expected[0][0] + expected[1][1] + expected[2][2]) / texts.size(),
          metrics.accuracy(),
          1e-12);
      assertEquals(lossSum / texts.size(), metrics.loss(), 1e-5);
      for (int c = 0; c < 3; c++) {
        assertEquals(expected[c][0] + expected[c][1] + expected[c][2], confusion.support(c));
      }
    }
  }

  @Test
  void noTextsAreRefused() {
    try (SentimentModel model = SentimentModel.load(TestModels.threeClasses().dir())) {
      assertEquals(
          "no texts to evaluate",
          assertThrows(
                  IllegalArgumentException.class, () -> model.evaluate(List.of(), List.of(), 4))
              .getMessage());
    }
  }
}
