package dev.textrnn.text;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Cutting a text after its first words keeps exactly its first tokens. */
class WordsTest {
  private static final long SEED = 20240607L;

  @Test
  void aPrefixEndsWhereTheNextWordStarts() {
    assertEquals(new Words.Prefix(0, 0), Words.prefix(new byte[0], 3));
    assertEquals(new Words.Prefix(3, 0), Words.prefix(" \t\n".getBytes(UTF_8), 3));
    byte[] text = "\tgreat,  !!! fun".getBytes(UTF_8);
    assertEquals(new Words.Prefix(9, 1), Words.prefix(text, 1));
    assertEquals(
        new Words.Prefix(13, 2),
        Words.prefix(text, 2),
        "'!!!' is a word, though stripping leaves no token");
    assertEquals(new Words.Prefix(16, 3), Words.prefix(text, 3));
    assertEquals(new Words.Prefix(16, 3), Words.prefix(text, 4));
    assertEquals(new Words.Prefix(0, 0), Words.prefix("word".getBytes(UTF_8), 0));
    byte[] noBreakSpace = "a\u00a0b c".getBytes(UTF_8);
    assertEquals(
        new Words.Prefix(5, 1),
        Words.prefix(noBreakSpace, 1),
        "U+00A0 does not split, as in Keras");
  }

  /**
   * Every mode: the cut text's ids are the whole text's first ids, and there are at most as many as
   * words.
   */
  @ParameterizedTest
  @EnumSource(Standardize.class)
  void theCutTextGivesTheFirstTokens(Standardize mode) {
    Random random = new Random(SEED);
    List<byte[]> texts = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      texts.add(HardText.any(random, 60));
    }
    TextVectorization vectorizer = TextVectorization.builder().standardize(mode).adapt(texts);
    for (byte[] text : texts) {
      int[] all = vectorizer.encode(text);
      int maxWords = random.nextInt(20);
      Words.Prefix prefix = Words.prefix(text, maxWords);
      int[] kept = vectorizer.encode(Arrays.copyOf(text, prefix.length()));
      String what =
          "seed "
              + SEED
              + ", "
              + mode
              + ", text "
              + Arrays.toString(text)
              + ", "
              + maxWords
              + " words";
      assertTrue(prefix.words() <= maxWords && kept.length <= prefix.words(), what);
      assertArrayEquals(Arrays.copyOf(all, kept.length), kept, what);
      if (prefix.length() == text.length) {
        assertEquals(all.length, kept.length, what);
      } else {
        assertEquals(maxWords, prefix.words(), what);
        if (mode == Standardize.NONE || mode == Standardize.LOWER) {
          assertEquals(maxWords, kept.length, "without stripping, a word is a token: " + what);
        }
      }
    }
  }
}
