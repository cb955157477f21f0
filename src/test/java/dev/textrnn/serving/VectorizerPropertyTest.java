package dev.textrnn.serving;

import static org.junit.jupiter.api.Assertions.fail;

import dev.textrnn.model.ModelConfig;
import dev.textrnn.text.EncodedBatch;
import dev.textrnn.text.HardText;
import dev.textrnn.text.TextVectorization;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 random hard strings (raw bytes with invalid UTF-8, and mixes of hard characters) through
 * the Java {@link TextVectorization} and the SavedModel's in-graph vectorizer (its {@code
 * vectorize} signature, which {@code serving_default} feeds into the model): the same ids, row for
 * row. The seed changes every run and is printed on failure; {@code -Dtextrnn.seed=N} repeats a
 * run.
 */
class VectorizerPropertyTest {
  private static final int STRINGS = 100_000;
  private static final int BATCH = 5_000;
  private static final int MAX_PIECES = 40;

  @Test
  void javaAndGraphVectorizersGiveTheSameIds(@TempDir Path dir) {
    long seed = Long.getLong("textrnn.seed", System.nanoTime());
    Random random = new Random(seed);
    // Adapted on such strings, so that hard tokens are found in the vocabulary, not only mapped to
    // [UNK].
    TextVectorization vectorizer =
        TextVectorization.builder().maxTokens(5_000).adapt(strings(random, 20_000));
    ModelConfig config = TestModels.TINY.withVocabularySize(vectorizer.vocabularySize());
    try (SentimentModel model =
        SentimentModel.load(TestModels.export(config, 1, vectorizer, dir.resolve("model")).dir())) {
      for (int done = 0; done < STRINGS; done += BATCH) {
        List<byte[]> batch = strings(random, BATCH);
        EncodedBatch java = vectorizer.encodeBatch(batch);
        long[][] graph = model.vectorize(batch);
        for (int row = 0; row < batch.size(); row++) {
          long[] expected = IntStream.of(java.row(row)).asLongStream().toArray();
          if (!Arrays.equals(expected, graph[row])) {
            fail(
                "seed "
                    + seed
                    + " (repeat with -Dtextrnn.seed="
                    + seed
                    + "), string "
                    + (done + row)
                    + " (hex "
                    + HexFormat.of().formatHex(batch.get(row))
                    + "): Java ids "
                    + Arrays.toString(expected)
                    + ", graph ids "
                    + Arrays.toString(graph[row]));
          }
        }
      }
    }
  }

  private static List<byte[]> strings(Random random, int count) {
    return Stream.generate(() -> HardText.any(random, MAX_PIECES)).limit(count).toList();
  }
}
