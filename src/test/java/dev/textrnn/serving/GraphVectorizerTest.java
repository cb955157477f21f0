package dev.textrnn.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textrnn.data.Review;
import dev.textrnn.data.TestData;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.text.EncodedBatch;
import dev.textrnn.text.Standardize;
import dev.textrnn.text.TextVectorization;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The in-graph vectorizer (the SavedModel's {@code vectorize} signature, which serving_default
 * feeds into the model) against the Java TextVectorization, and against Keras on the hard strings.
 */
class GraphVectorizerTest {
  private static final int BATCH = 1000;

  private static JsonNode hardStrings;
  private static List<byte[]> strings;

  @TempDir Path dir;

  @BeforeAll
  static void readHardStrings() throws IOException {
    hardStrings = new ObjectMapper().readTree(resource("hard-strings.json").toFile());
    strings = new ArrayList<>();
    hardStrings
        .get("strings")
        .forEach(s -> strings.add(HexFormat.of().parseHex(s.get("hex").asText())));
  }

  @Test
  void everyTestReviewGetsTheJavaIds() {
    TestModels.Exported model = TestModels.small();
    List<byte[]> texts = TestData.labelled().test().stream().map(Review::text).toList();
    try (SentimentModel loaded = SentimentModel.load(model.dir())) {
      for (int start = 0; start < texts.size(); start += BATCH) {
        List<byte[]> batch = texts.subList(start, Math.min(start + BATCH, texts.size()));
        assertIds(
            model.vectorizer().encodeBatch(batch),
            loaded.vectorize(batch),
            "test reviews from " + start);
      }
    }
  }

  /** Keras's ids of the hard strings under the IMDB vocabulary, in every standardize mode. */
  @ParameterizedTest
  @EnumSource(Standardize.class)
  void hardStringsGetKerasIds(Standardize mode) throws IOException {
    TextVectorization vectorizer =
        TextVectorization.builder()
            .maxTokens(1000)
            .standardize(mode)
            .load(resource("vocab-1000.txt"));
    JsonNode keras = hardStrings.get("modes").get(mode.name().toLowerCase()).get("imdb1000");
    long[][] ids = vectorize(vectorizer, strings);
    EncodedBatch java = vectorizer.encodeBatch(strings);
    assertIds(java, ids, mode.toString());
    for (int row = 0; row < strings.size(); row++) {
      JsonNode expected = keras.get(row);
      for (int column = 0; column < ids[row].length; column++) {
        long id = column < expected.size() ? expected.get(column).asLong() : 0;
        assertEquals(id, ids[row][column], "hard string " + row + ", token " + column);
      }
    }
  }

  /** With an output sequence length, rows are padded or cut to it, as the Java vectorizer does. */
  @Test
  void fixedLengthRowsArePaddedOrCut() throws IOException {
    TextVectorization vectorizer =
        TextVectorization.builder()
            .maxTokens(1000)
            .outputSequenceLength(5)
            .load(resource("vocab-1000.txt"));
    int[] naturalLengths =
        TextVectorization.load(resource("vocab-1000.txt"), Standardize.LOWER_AND_STRIP_PUNCTUATION)
            .encodeBatch(strings)
            .lengths();
    assertTrue(
        IntStream.of(naturalLengths).anyMatch(n -> n > 5)
            && IntStream.of(naturalLengths).anyMatch(n -> n < 5),
        "some rows are cut, some padded");
    assertIds(vectorizer.encodeBatch(strings), vectorize(vectorizer, strings), "length 5");
  }

  private long[][] vectorize(TextVectorization vectorizer, List<byte[]> texts) {
    ModelConfig config = TestModels.TINY.withVocabularySize(vectorizer.vocabularySize());
    TestModels.Exported model = TestModels.export(config, 3, vectorizer, dir.resolve("model"));
    try (SentimentModel loaded = SentimentModel.load(model.dir())) {
      return loaded.vectorize(texts);
    }
  }

  private static void assertIds(EncodedBatch expected, long[][] actual, String what) {
    assertEquals(expected.rows(), actual.length, what + ": rows");
    for (int row = 0; row < actual.length; row++) {
      assertEquals(expected.columns(), actual[row].length, what + ": columns");
      for (int column = 0; column < actual[row].length; column++) {
        if (expected.id(row, column) != actual[row][column]) {
          assertEquals(
              expected.id(row, column),
              actual[row][column],
              what + ": row " + row + ", column " + column);
        }
      }
    }
  }

  /** The text package's Keras reference files. */
  private static Path resource(String name) {
    try {
      return Path.of(GraphVectorizerTest.class.getResource("/keras/vectorizer/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
