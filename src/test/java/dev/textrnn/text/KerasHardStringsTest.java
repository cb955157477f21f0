package dev.textrnn.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The hard strings of hard-strings.json, in every standardize mode, against Keras. */
class KerasHardStringsTest {
  private static final int MEGABYTE = 1 << 20;
  private static final HexFormat HEX = HexFormat.of();

  private static JsonNode reference;
  private static List<String> names;
  private static List<byte[]> strings;

  @BeforeAll
  static void readReference() throws IOException {
    reference = new ObjectMapper().readTree(KerasReference.file("hard-strings.json").toFile());
    names = new ArrayList<>();
    strings = new ArrayList<>();
    for (JsonNode string : reference.get("strings")) {
      names.add(string.get("name").asText());
      strings.add(HEX.parseHex(string.get("hex").asText()));
    }
    assertTrue(strings.size() >= 200, "at least 200 hard strings");
  }

  @ParameterizedTest
  @EnumSource(Standardize.class)
  void idsUnderTheImdbVocabularyAreKeras(Standardize mode) throws IOException {
    TextVectorization vectorizer =
        TextVectorization.builder()
            .maxTokens(1000)
            .standardize(mode)
            .load(KerasReference.file("vocab-1000.txt"));
    assertIdsEqual(vectorizer, modeReference(mode).get("imdb1000"));
  }

  /** Keras adapted on the hard strings themselves: ties everywhere, between every kind of byte. */
  @ParameterizedTest
  @EnumSource(Standardize.class)
  void vocabularyAdaptedOnTheHardStringsIsKeras(Standardize mode) {
    JsonNode expected = modeReference(mode).get("adapted");
    TextVectorization vectorizer = TextVectorization.builder().standardize(mode).adapt(strings);
    List<String> vocabulary = vectorizer.getVocabularyBytes().stream().map(HEX::formatHex).toList();
    List<String> expectedVocabulary = new ArrayList<>();
    expected.get("vocabulary_hex").forEach(token -> expectedVocabulary.add(token.asText()));
    assertListEquals(expectedVocabulary, vocabulary);
    assertIdsEqual(vectorizer, expected.get("ids"));

    for (int id = 0; id < vocabulary.size(); id++) {
      assertEquals(
          expected.get("vocabulary_utf8").get(id).asBoolean(),
          isStrictUtf8(HEX.parseHex(vocabulary.get(id))),
          "strict UTF-8 decoding of entry " + id + " (" + vocabulary.get(id) + ") as Python's");
    }
    if (expected.get("get_vocabulary_raises").asBoolean()) {
      assertThrows(IllegalStateException.class, vectorizer::getVocabulary);
    } else {
      vectorizer.getVocabulary();
    }
  }

  @ParameterizedTest
  @EnumSource(Standardize.class)
  void getVocabularyIsKeras(Standardize mode) {
    List<byte[]> valid = new ArrayList<>();
    reference.get("valid_utf8_strings").forEach(index -> valid.add(strings.get(index.asInt())));
    List<String> expected = new ArrayList<>();
    modeReference(mode)
        .get("adapted_valid_utf8")
        .get("get_vocabulary")
        .forEach(token -> expected.add(token.asText()));
    assertEquals(
        expected, TextVectorization.builder().standardize(mode).adapt(valid).getVocabulary());
  }

  @ParameterizedTest
  @EnumSource(Standardize.class)
  void megabyteReviewIsKeras(Standardize mode) throws IOException {
    byte[] review = megabyte();
    assertEquals(
        reference.get("megabyte_sha256").asText(),
        HEX.formatHex(KerasReference.sha256().digest(review)));
    TextVectorization vectorizer =
        TextVectorization.builder()
            .maxTokens(1000)
            .standardize(mode)
            .load(KerasReference.file("vocab-1000.txt"));
    int[] ids = vectorizer.encode(review);
    JsonNode expected = modeReference(mode).get("megabyte");
    assertEquals(expected.get("tokens").asInt(), ids.length);
    assertEquals(expected.get("sha256").asText(), new KerasReference.IdsDigest().add(ids).hex());
  }

  /** Keras pads a batch with 0 at the end and cuts long rows at the end too. */
  @Test
  void outputSequenceLengthIsKeras() throws IOException {
    JsonNode expected = reference.get("output_sequence_length");
    int length = expected.get("length").asInt();
    EncodedBatch batch =
        TextVectorization.builder()
            .maxTokens(1000)
            .outputSequenceLength(length)
            .load(KerasReference.file("vocab-1000.txt"))
            .encodeBatch(strings);
    assertEquals(strings.size(), batch.rows());
    assertEquals(length, batch.columns());
    for (int row = 0; row < strings.size(); row++) {
      assertEquals(
          expected.get("ids").get(row).toString(),
          Arrays.toString(batch.row(row)).replace(" ", ""),
          names.get(row));
    }
  }

  @Test
  void everyModeHasAReference() {
    List<String> modes = new ArrayList<>();
    reference.get("modes").fieldNames().forEachRemaining(modes::add);
    assertEquals(
        Arrays.stream(Standardize.values()).map(m -> m.name().toLowerCase()).sorted().toList(),
        modes.stream().sorted().toList());
  }

  /** assertEquals for long lists: reports the first difference, not both lists. */
  private static void assertListEquals(List<String> expected, List<String> actual) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      assertEquals(expected.get(i), actual.get(i), "entry " + i);
    }
    assertEquals(expected.size(), actual.size(), "size");
  }

  private static JsonNode modeReference(Standardize mode) {
    return reference.get("modes").get(mode.name().toLowerCase());
  }

  private static void assertIdsEqual(TextVectorization vectorizer, JsonNode expectedRows) {
    assertEquals(strings.size(), expectedRows.size());
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < strings.size(); i++) {
      int[] expected = new int[expectedRows.get(i).size()];
      for (int j = 0; j < expected.length; j++) {
        expected[j] = expectedRows.get(i).get(j).asInt();
      }
      int[] actual = vectorizer.encode(strings.get(i));
      if (!Arrays.equals(expected, actual)) {
        mismatches.add(
            names.get(i)
                + ": expected "
                + Arrays.toString(expected)
                + ", got "
                + Arrays.toString(actual));
      }
    }
    assertTrue(
        mismatches.isEmpty(),
        mismatches.size()
            + " hard strings differ from Keras ("
            + vectorizer.standardize()
            + "):\n"
            + String.join("\n", mismatches.subList(0, Math.min(10, mismatches.size()))));
  }

  /**
   * The script's MEGABYTE: the hard strings joined by one space, repeated with one space between,
   * cut at 2^20 bytes.
   */
  private static byte[] megabyte() {
    ByteArrayOutputStream unit = new ByteArrayOutputStream();
    for (int i = 0; i < strings.size(); i++) {
      if (i > 0) {
        unit.write(' ');
      }
      unit.writeBytes(strings.get(i));
    }
    ByteArrayOutputStream review = new ByteArrayOutputStream();
    while (review.size() < MEGABYTE) {
      if (review.size() > 0) {
        review.write(' ');
      }
      review.writeBytes(unit.toByteArray());
    }
    return Arrays.copyOf(review.toByteArray(), MEGABYTE);
  }

  private static boolean isStrictUtf8(byte[] token) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(token));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
