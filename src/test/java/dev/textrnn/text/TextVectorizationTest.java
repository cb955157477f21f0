package dev.textrnn.text;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextVectorizationTest {

  @TempDir Path dir;

  private static TextVectorization adapt(Standardize standardize, String... texts) {
    return TextVectorization.builder().standardize(standardize).adaptStrings(List.of(texts));
  }

  private static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  @Test
  void countsEveryOccurrenceAndBreaksTiesByUnsignedBytesDescending() {
    TextVectorization vectorizer =
        adapt(Standardize.LOWER_AND_STRIP_PUNCTUATION, "a b b", "c C. a d é", "z");
    assertEquals(List.of("", "[UNK]", "c", "b", "a", "é", "z", "d"), vectorizer.getVocabulary());
  }

  @Test
  void maxTokensKeepsTheMostFrequentAndAShortVocabularyStaysShort() {
    List<String> texts = List.of("a a a b b c d e");
    assertEquals(
        List.of("", "[UNK]", "a", "b"),
        TextVectorization.builder().maxTokens(4).adaptStrings(texts).getVocabulary());
    TextVectorization all = TextVectorization.builder().maxTokens(100).adaptStrings(texts);
    assertEquals(7, all.vocabularySize());
    assertEquals(
        List.of("", "[UNK]"),
        adapt(Standardize.LOWER_AND_STRIP_PUNCTUATION, "", " !? ").getVocabulary());
  }

  @Test
  void standardizeModesAreByteWise() {
    String text = "Don't STOP.Now ÉTÉ\u00a0x\tend";
    assertEquals(
        List.of("dont", "stopnow", "ÉtÉ\u00a0x", "end"),
        tokens(Standardize.LOWER_AND_STRIP_PUNCTUATION, text));
    assertEquals(
        List.of("don't", "stop.now", "ÉtÉ\u00a0x", "end"), tokens(Standardize.LOWER, text));
    assertEquals(
        List.of("Dont", "STOPNow", "ÉTÉ\u00a0x", "end"),
        tokens(Standardize.STRIP_PUNCTUATION, text));
    assertEquals(List.of("Don't", "STOP.Now", "ÉTÉ\u00a0x", "end"), tokens(Standardize.NONE, text));
  }

  /** The tokens of a text in order: decode of its ids under a vocabulary adapted on it alone. */
  private static List<String> tokens(Standardize standardize, String text) {
    TextVectorization vectorizer = adapt(standardize, text);
    return List.of(vectorizer.decode(vectorizer.encode(text)).split(" "));
  }

  @Test
  void theOutOfVocabularyTokenIsNeverLearned() {
    TextVectorization vectorizer = adapt(Standardize.NONE, "[UNK] [UNK] [UNK] x");
    assertEquals(List.of("", "[UNK]", "x"), vectorizer.getVocabulary());
    assertArrayEquals(new int[] {1, 2, 1}, vectorizer.encode("[UNK] x y"));
  }

  @Test
  void encodesUnknownTokensAsOneAndEmptyTextsAsNothing() {
    TextVectorization vectorizer = adapt(Standardize.LOWER_AND_STRIP_PUNCTUATION, "the movie the");
    assertArrayEquals(new int[] {2, 1, 3, 1}, vectorizer.encode("The film, movie... great"));
    assertArrayEquals(new int[0], vectorizer.encode(""));
    assertArrayEquals(new int[0], vectorizer.encode(" \t!! "));
    assertArrayEquals(
        vectorizer.encode("The movie".getBytes(UTF_8)), vectorizer.encode("The movie"));
  }

  @Test
  void batchesArePaddedOnTheRightToTheLongestRow() {
    TextVectorization vectorizer = adapt(Standardize.LOWER_AND_STRIP_PUNCTUATION, "a b c");
    EncodedBatch batch = vectorizer.encodeStringBatch(List.of("c b a x", "", "b"));
    assertEquals(3, batch.rows());
    assertEquals(4, batch.columns());
    assertArrayEquals(new int[] {2, 3, 4, 1, 0, 0, 0, 0, 3, 0, 0, 0}, batch.ids());
    assertArrayEquals(new int[] {4, 0, 1}, batch.lengths());
    assertArrayEquals(new int[] {3, 0, 0, 0}, batch.row(2));
    assertEquals(1, batch.id(0, 3));
    assertThrows(IndexOutOfBoundsException.class, () -> batch.id(3, 0));

    EncodedBatch empty = vectorizer.encodeStringBatch(List.of("", "!"));
    assertEquals(0, empty.columns());
    assertArrayEquals(new int[0], empty.row(1));
  }

  @Test
  void outputSequenceLengthPadsAndTruncatesTheEnd() {
    TextVectorization vectorizer =
        TextVectorization.builder().outputSequenceLength(3).adaptStrings(List.of("a b c d e"));
    EncodedBatch batch = vectorizer.encodeStringBatch(List.of("a b c d e", "b", ""));
    assertEquals(3, batch.columns());
    assertArrayEquals(new int[] {6, 5, 4, 5, 0, 0, 0, 0, 0}, batch.ids());
    assertArrayEquals(new int[] {3, 1, 0}, batch.lengths());
    assertArrayEquals(new int[] {5, 0, 0}, vectorizer.encode("b"));
    assertEquals(3, vectorizer.outputSequenceLength().getAsInt());
    assertFalse(adapt(Standardize.NONE, "a").outputSequenceLength().isPresent());
  }

  @Test
  void decodeJoinsTokensAndLeavesOutPadding() {
    TextVectorization vectorizer =
        adapt(Standardize.LOWER_AND_STRIP_PUNCTUATION, "the movie was great");
    int[] ids = vectorizer.encodeStringBatch(List.of("The movie was GREAT, really.", "x")).row(0);
    assertEquals("the movie was great [UNK]", vectorizer.decode(ids));
    assertEquals(
        "movie was", vectorizer.decode(new int[] {0, vectorizer.encode("movie")[0], 0, 2}));
    assertThrows(
        IllegalArgumentException.class,
        () -> vectorizer.decode(new int[] {vectorizer.vocabularySize()}));
    assertThrows(IllegalArgumentException.class, () -> vectorizer.decode(new int[] {-1}));
  }

  @Test
  void getVocabularyDecodesAsKeras() {
    TextVectorization vectorizer =
        TextVectorization.builder()
            .standardize(Standardize.NONE)
            .adapt(List.of(bytes('a', 0, ' ', 'b', 0, 'c', ' ', 0, 0)));
    assertEquals(List.of("", "[UNK]", "b\0c", "a", ""), vectorizer.getVocabulary());

    TextVectorization invalid =
        TextVectorization.builder()
            .standardize(Standardize.NONE)
            .adapt(List.of(bytes('o', 'k', ' ', 0xC3, '(')));
    IllegalStateException error = assertThrows(IllegalStateException.class, invalid::getVocabulary);
    assertTrue(error.getMessage().contains("c328"), error.getMessage());
    assertArrayEquals(bytes(0xC3, '('), invalid.getVocabularyBytes().get(2));
  }

  @Test
  void savedVocabularyIsKerasVocabularyTxtAndLoadsBackExactly() throws IOException {
    byte[] text =
        bytes('b', ' ', 0xFF, ' ', 'a', 0, ' ', 0xC3, ' ', 'b', ' ', 0xE2, 0x80, 0x9C, 'x');
    TextVectorization vectorizer =
        TextVectorization.builder().standardize(Standardize.NONE).adapt(List.of(text));
    Path file = dir.resolve("vocab.txt");
    Files.writeString(file, "replaced");
    vectorizer.saveVocabulary(file);
    assertArrayEquals(
        bytes(
            '\n', '[', 'U', 'N', 'K', ']', '\n', 'b', '\n', 0xFF, '\n', 0xE2, 0x80, 0x9C, 'x', '\n',
            0xC3, '\n', 'a', 0),
        Files.readAllBytes(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file left");
    }

    TextVectorization loaded = TextVectorization.load(file, Standardize.NONE);
    assertEquals(vectorizer.vocabularySize(), loaded.vocabularySize());
    for (int id = 0; id < vectorizer.vocabularySize(); id++) {
      assertArrayEquals(
          vectorizer.getVocabularyBytes().get(id), loaded.getVocabularyBytes().get(id));
    }
    assertArrayEquals(vectorizer.encode(text), loaded.encode(text));

    Files.write(file, "\n[UNK]\nthe\n".getBytes(UTF_8));
    assertEquals(
        List.of("", "[UNK]", "the"),
        TextVectorization.load(file, Standardize.NONE).getVocabulary());
    Files.write(file, "\n[UNK]".getBytes(UTF_8));
    assertEquals(2, TextVectorization.load(file, Standardize.NONE).vocabularySize());
  }

  static Stream<Arguments> invalidFiles() {
    return Stream.of(
        Arguments.of("the\n[UNK]\na", 3, 1, "expected an empty line"),
        Arguments.of("\nUNK\na", 3, 2, "expected '[UNK]'"),
        Arguments.of("", 3, 2, "missing '[UNK]'"),
        Arguments.of("\n", 3, 2, "missing '[UNK]'"),
        Arguments.of("\n[UNK]\na\nb\na", 10, 5, "token 'a' repeats line 3"),
        Arguments.of("\n[UNK]\n[UNK]", 10, 3, "token '[UNK]' repeats line 2"),
        Arguments.of("\n[UNK]\n\nx", 10, 3, "empty line"),
        Arguments.of("\n[UNK]\na\n\n", 10, 4, "empty line"),
        Arguments.of("\r\n[UNK]\r\nthe", 10, 1, "whitespace byte 0x0d"),
        Arguments.of("\n[UNK]\na b", 10, 3, "whitespace byte 0x20"),
        Arguments.of("\n[UNK]\na\nb", 3, 4, "more entries than maxTokens 3"));
  }

  @ParameterizedTest
  @MethodSource("invalidFiles")
  void loadRejectsAnInvalidFileWithOneLineNamingFileAndLine(
      String content, int maxTokens, int line, String problem) throws IOException {
    Path file = dir.resolve("bad-vocab.txt");
    Files.write(file, content.getBytes(UTF_8));
    VocabularyFileException error =
        assertThrows(
            VocabularyFileException.class,
            () -> TextVectorization.builder().maxTokens(maxTokens).load(file));
    assertEquals(line, error.line());
    assertEquals(file, error.file());
    assertTrue(error.getMessage().startsWith(file + ":" + line + ": "), error.getMessage());
    assertTrue(error.getMessage().contains(problem), error.getMessage());
    assertFalse(
        error.getMessage().contains("\n") || error.getMessage().contains("\r"), error.getMessage());
  }

  @Test
  void settingsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> TextVectorization.builder().maxTokens(1));
    assertThrows(
        IllegalArgumentException.class, () -> TextVectorization.builder().outputSequenceLength(0));
    assertEquals(
        List.of("", "[UNK]"),
        TextVectorization.adapt(List.of("a".getBytes(UTF_8)), 2, Standardize.NONE).getVocabulary());
  }
}
