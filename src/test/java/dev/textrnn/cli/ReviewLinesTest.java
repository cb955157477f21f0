package dev.textrnn.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.textrnn.text.Words;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines as predict reads them: where they end, and what of a long one is kept. */
class ReviewLinesTest {

  @Test
  void onlyLineFeedsEndLines() throws IOException {
    assertEquals(
        List.of("a\rb", "", "c", "d\r\r", "\r", "e\r"), lines("a\rb\n\r\nc\r\nd\r\r\r\n\r\r\ne\r"));
    assertEquals(List.of(), lines(""));
    assertEquals(List.of(""), lines("\n"));
  }

  @Test
  void aLineKeepsItsFirstWordsAndTheNextLineFollows() throws IOException {
    String words = " w".repeat(Words.MAX_WORDS);
    assertEquals(List.of(words + " ", "next"), lines(words + " x y z\nnext"));
  }

  @Test
  void aLongWordIsCutBetweenCharacters() throws IOException {
    String word = "x" + "\u00e9".repeat(ReviewLines.MAX_LINE_BYTES);
    List<String> lines = lines(word + " more\nnext");
    assertEquals(ReviewLines.MAX_LINE_BYTES - 1, lines.get(0).getBytes(UTF_8).length);
    assertEquals(word.substring(0, lines.get(0).length()), lines.get(0));
    assertEquals("next", lines.get(1));
  }

  private static List<String> lines(String input) throws IOException {
    ReviewLines reader = new ReviewLines(new ByteArrayInputStream(input.getBytes(UTF_8)));
    List<String> lines = new ArrayList<>();
    for (String line = reader.next(); line != null; line = reader.next()) {
      lines.add(line);
    }
    assertNull(reader.next());
    return lines;
  }
}
