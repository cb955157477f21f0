package dev.textrnn.text;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.textrnn.data.ImdbDataset;
import dev.textrnn.data.Review;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Vocabulary and test-set ids against Keras on the real IMDB archive. */
class KerasImdbTest {
  private static List<Review> test;
  private static List<byte[]> train;

  /** The pos and neg reviews in archive order, as the script reads them. */
  @BeforeAll
  static void readArchive() {
    ImdbDataset dataset = ImdbDataset.read(KerasReference.archive(), false);
    train = dataset.train().stream().map(Review::text).toList();
    test = dataset.test();
  }

  @ParameterizedTest
  @ValueSource(ints = {1000, 20000})
  void vocabularyIsKeras(int maxTokens, @TempDir Path dir) throws IOException {
    TextVectorization vectorizer =
        TextVectorization.adapt(train, maxTokens, Standardize.LOWER_AND_STRIP_PUNCTUATION);
    Path reference = KerasReference.file("vocab-" + maxTokens + ".txt");
    List<String> expected = Arrays.asList(Files.readString(reference, UTF_8).split("\n", -1));
    assertEquals(maxTokens, expected.size());
    assertEquals(expected, vectorizer.getVocabulary());
    Path saved = dir.resolve("vocab.txt");
    vectorizer.saveVocabulary(saved);
    assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(saved));
  }

  /** Each line of test-ids.tsv: vocab, block, first_path, last_path, reviews, tokens, sha256. */
  @ParameterizedTest
  @ValueSource(ints = {1000, 20000})
  void testSetIdsAreKeras(int maxTokens) throws IOException {
    TextVectorization vectorizer =
        TextVectorization.load(
            KerasReference.file("vocab-" + maxTokens + ".txt"),
            Standardize.LOWER_AND_STRIP_PUNCTUATION);
    List<String[]> blocks = new ArrayList<>();
    for (String line : Files.readAllLines(KerasReference.file("test-ids.tsv"), UTF_8)) {
      String[] fields = line.split("\t");
      if (fields[0].equals(Integer.toString(maxTokens))) {
        blocks.add(fields);
      }
    }
    assertEquals(26, blocks.size(), "25 blocks and 'all'");
    List<int[]> ids = test.stream().map(review -> vectorizer.encode(review.text())).toList();
    int start = 0;
    for (String[] block : blocks) {
      int from = block[1].equals("all") ? 0 : start;
      int to = from + Integer.parseInt(block[4]);
      KerasReference.IdsDigest digest = new KerasReference.IdsDigest();
      long tokens = 0;
      for (int[] row : ids.subList(from, to)) {
        digest.add(row);
        tokens += row.length;
      }
      String actual =
          String.join(
              "\t",
              block[0],
              block[1],
              test.get(from).path(),
              test.get(to - 1).path(),
              Integer.toString(to - from),
              Long.toString(tokens),
              digest.hex());
      if (!actual.equals(String.join("\t", block))) {
        fail(
            "first differing block of the test-set ids (max_tokens "
                + maxTokens
                + "):\n expected "
                + String.join("\t", block)
                + "\n actual   "
                + actual);
      }
      start = to;
    }
  }
}
