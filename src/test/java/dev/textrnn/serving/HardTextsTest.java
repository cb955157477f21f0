package dev.textrnn.serving;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.textrnn.text.HardText;
import dev.textrnn.text.Words;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Texts that could break a prediction, through the Java API. */
class HardTextsTest {
  private static final int TEN_MEGABYTES = 10 << 20;

  /**
   * Each gives a finite logit: the model's on the Java vectorizer's ids of it, alone or in a batch.
   */
  @Test
  void hardTextsGetTheLogitOfTheirIds() {
    TestModels.Exported exported = TestModels.small();
    Map<String, String> examples = HardText.examples();
    try (SentimentModel model = SentimentModel.load(exported.dir())) {
      List<Prediction> batch = model.predict(List.copyOf(examples.values()));
      int i = 0;
      for (Map.Entry<String, String> example : examples.entrySet()) {
        Prediction alone = model.predict(example.getValue());
        float[] byIds =
            model.predictLogits(
                exported.vectorizer().encodeStringBatch(List.of(example.getValue())));
        assertTrue(Float.isFinite(alone.logit()), example.getKey());
        assertEquals(byIds[0], alone.logit(), 1e-5, example.getKey());
        assertEquals(alone.logit(), batch.get(i).logit(), 1e-5, example.getKey() + " in a batch");
        assertEquals(example.getValue(), batch.get(i++).text());
      }
    }
  }

  /**
   * A review of 10 MB (about 1.9 million words) is read up to the word limit: its prediction is
   * that of its first {@value Words#MAX_WORDS} words, and it takes seconds (read whole, it would
   * take the tutorial's model some 8 GB and two minutes, extrapolated from 200,000 words).
   * PredictCommandTest#aTenMegabyteReviewTakesBoundedMemory measures the memory of a child JVM.
   */
  @Test
  void aTenMegabyteReviewIsReadUpToTheWordLimit() {
    String huge = TestModels.longReview(TEN_MEGABYTES);
    byte[] bytes = huge.getBytes(UTF_8);
    String firstWords =
        new String(Arrays.copyOf(bytes, Words.prefix(bytes, Words.MAX_WORDS).length()), UTF_8);
    assertTrue(Words.prefix(bytes, Integer.MAX_VALUE).words() > 50 * Words.MAX_WORDS);
    try (SentimentModel model = SentimentModel.load(TestModels.small().dir())) {
      long start = System.nanoTime();
      Prediction prediction = model.predict(huge);
      double seconds = (System.nanoTime() - start) / 1e9;
      assertEquals(model.predict(firstWords).logit(), prediction.logit());
      float[] byIds =
          model.predictLogits(
              TestModels.small().vectorizer().encodeStringBatch(List.of(firstWords)));
      assertEquals(byIds[0], prediction.logit(), 1e-5);
      assertEquals(huge, prediction.text(), "the text as given");
      assertTrue(seconds < 60, seconds + " s");
    }
  }
}
