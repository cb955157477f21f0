package dev.textrnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.textrnn.text.TextVectorization;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IMDB archive, and its labelled reviews written out as a folder, CSV files and JSON Lines
 * files: all four give the same texts per class, and a vectorizer adapted on each the same
 * vocabulary and ids.
 */
class ImdbFormatsTest {
  private static final DatasetOptions IMDB =
      DatasetOptions.defaults().withClassNames(List.of("neg", "pos"));

  @TempDir static Path dir;

  private static ImdbDataset imdb;
  private static TextDataset archive;
  private static Map<String, Map<String, TextSource>> formats; // format → split → sources

  @BeforeAll
  static void writeFormats() throws IOException {
    imdb = TestData.labelled();
    archive = Datasets.open(TestData.archive(), IMDB);
    TextDataset folder = Datasets.open(ImdbFiles.folder(imdb, dir.resolve("imdb")), IMDB);
    formats = new TreeMap<>();
    formats.put("archive", splits(archive.train(), archive.test().orElseThrow()));
    formats.put("folder", splits(folder.train(), folder.test().orElseThrow()));
    formats.put(
        "csv",
        splits(
            Datasets.open(ImdbFiles.csv(imdb.train(), dir.resolve("train.csv")), IMDB).train(),
            Datasets.open(ImdbFiles.csv(imdb.test(), dir.resolve("test.csv")), IMDB).train()));
    formats.put(
        "jsonl",
        splits(
            Datasets.open(ImdbFiles.jsonLines(imdb.train(), dir.resolve("train.jsonl")), IMDB)
                .train(),
            Datasets.open(ImdbFiles.jsonLines(imdb.test(), dir.resolve("test.jsonl")), IMDB)
                .train()));
  }

  private static Map<String, TextSource> splits(TextSource train, TextSource test) {
    return Map.of("train", train, "test", test);
  }

  /** What makes the archive reader the IMDB reader: the same reviews, in the same order. */
  @Test
  void theArchiveReaderGivesImdbDatasetsReviewsInItsOrder() {
    assertEquals(List.of("neg", "pos"), archive.classNames());
    assertSameReviews(imdb.train(), archive.train());
    assertSameReviews(imdb.test(), archive.test().orElseThrow());
  }

  private static void assertSameReviews(List<Review> expected, TextSource source) {
    assertEquals(expected.size(), source.size());
    try (Stream<LabelledText> texts = source.stream()) {
      int[] i = {0};
      texts.forEach(
          text -> {
            Review review = expected.get(i[0]++);
            assertEquals(TestData.archive() + " entry " + review.path(), text.origin());
            assertEquals(review.label() == Review.POS ? "pos" : "neg", text.label());
            assertArrayEquals(review.text(), text.text(), review.path());
          });
      assertEquals(expected.size(), i[0]);
    }
  }

  @Test
  void everyFormatGivesTheArchivesTextsPerClass() {
    for (String split : List.of("train", "test")) {
      Map<String, List<String>> expected = digests(formats.get("archive").get(split), false, null);
      assertEquals(12_500, expected.get("pos").size());
      for (String format : formats.keySet()) {
        assertEquals(
            expected, digests(formats.get(format).get(split), false, null), format + " " + split);
      }
    }
  }

  @Test
  void everyFormatGivesTheArchivesVocabularyAndIds() {
    TextVectorization expected = adapt(formats.get("archive").get("train"));
    Map<String, List<String>> expectedIds =
        digests(formats.get("archive").get("test"), true, expected);
    for (String format : formats.keySet()) {
      TextVectorization vectorizer = adapt(formats.get(format).get("train"));
      assertEquals(1000, vectorizer.vocabularySize());
      assertEquals(expected.getVocabulary(), vectorizer.getVocabulary(), format);
      assertEquals(expectedIds, digests(formats.get(format).get("test"), true, vectorizer), format);
    }
  }

  private static TextVectorization adapt(TextSource train) {
    try (Stream<LabelledText> texts = train.stream()) {
      return TextVectorization.builder()
          .maxTokens(1000)
          .adapt((Iterable<byte[]>) texts.map(LabelledText::text)::iterator);
    }
  }

  /** Per class, the sorted digests of its texts, or of their ids under {@code vectorizer}. */
  private static Map<String, List<String>> digests(
      TextSource source, boolean ids, TextVectorization vectorizer) {
    Map<String, List<String>> digests = new TreeMap<>();
    try (Stream<LabelledText> texts = source.stream()) {
      texts.forEach(
          text -> {
            byte[] bytes = text.text();
            if (ids) {
              int[] encoded = vectorizer.encode(bytes);
              ByteBuffer buffer = ByteBuffer.allocate(4 * encoded.length);
              buffer.asIntBuffer().put(encoded);
              bytes = buffer.array();
            }
            digests.computeIfAbsent(text.label(), label -> new ArrayList<>()).add(sha256(bytes));
          });
    }
    digests.values().forEach(list -> list.sort(null));
    return digests;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
