package dev.textrnn.text;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

  /** 6,000 texts of 5 to 60 words drawn with a skewed frequency, so that counts tie and differ. */
  private static List<byte[]> texts() {
    Random random = new Random(5);
    List<byte[]> texts = new ArrayList<>();
    for (int t = 0; t < 6_000; t++) {
      StringBuilder text = new StringBuilder();
      int words = 5 + random.nextInt(56);
      for (int w = 0; w < words; w++) {
        int word = (int) (Math.pow(random.nextDouble(), 3) * 5_000);
        text.append(Integer.toString(word, 36)).append(w % 7 == 0 ? ". " : " ");
      }
      texts.add(text.toString().getBytes(UTF_8));
    }
    return texts;
  }

  private static List<String> vocabulary(TokenCounter counter) {
    return counter.mostFrequent(Integer.MAX_VALUE).stream().map(t -> new String(t, UTF_8)).toList();
  }

  @Test
  void textsCountedInChunksGiveTheVocabularyOfOneCount() {
    List<byte[]> texts = texts();
    Standardize standardize = Standardize.LOWER_AND_STRIP_PUNCTUATION;
    List<String> whole = vocabulary(TokenCounter.count(texts, standardize, Long.MAX_VALUE));
    assertTrue(whole.size() > 1_000, whole.size() + " tokens");
    for (long chunk : new long[] {1, 4_096, 100_000}) {
      assertEquals(
          whole,
          vocabulary(TokenCounter.count(texts::iterator, standardize, chunk)),
          "chunks of " + chunk + " bytes");
    }
  }
}
