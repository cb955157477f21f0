package dev.textrnn.text;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.textrnn.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The vocabulary file: Keras's {@code vocabulary.txt} asset (what {@code save_assets} writes and
 * {@code load_assets} reads), i.e. every entry, {@code ""} and {@code "[UNK]"} first, joined by
 * {@code '\n'}.
 */
final class VocabularyFile {
  private static final int SHOWN_CHARACTERS = 40;

  private VocabularyFile() {}

  /**
   * Writes the tokens' bytes joined by {@code '\n'}, no final newline, as Keras does. Tokens never
   * hold ASCII whitespace, so the lines are unambiguous; a token that is not valid UTF-8 is written
   * as its bytes, which keeps the round trip exact (TensorFlow's vocabulary file reader takes lines
   * as bytes too) at the cost of the file not being UTF-8 text then. Written to a temporary file
   * beside the target, then renamed over it, so a reader never sees half a file.
   */
  static void write(Path file, List<byte[]> tokens) throws IOException {
    AtomicFiles.write(file, content(tokens));
  }

  /** What {@link #write} writes. */
  static byte[] content(List<byte[]> tokens) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (int i = 0; i < tokens.size(); i++) {
      if (i > 0) {
        content.write('\n');
      }
      content.writeBytes(tokens.get(i));
    }
    return content.toByteArray();
  }

  /**
   * Reads and checks a vocabulary file: line 1 empty, line 2 {@code [UNK]}, then distinct non-empty
   * tokens without whitespace, at most {@code maxTokens} lines; one final newline is allowed.
   *
   * @return the entries, the table index being the id
   */
  static TokenTable read(Path file, int maxTokens) throws IOException {
    byte[] content = Files.readAllBytes(file);
    int end =
        content.length > 0 && content[content.length - 1] == '\n'
            ? content.length - 1
            : content.length;
    TokenTable table = new TokenTable();
    int line = 0;
    for (int start = 0; start <= end; ) {
      int newline = start;
      while (newline < end && content[newline] != '\n') {
        newline++;
      }
      line++;
      byte[] token = Arrays.copyOfRange(content, start, newline);
      check(file, line, token, maxTokens);
      int id = table.findOrAdd(token, token.length, TokenTable.hash(token));
      if (id != line - 1) {
        throw new VocabularyFileException(
            file,
            line,
            "token '" + show(token) + "' repeats line " + (id + 1) + "; remove one of them");
      }
      start = newline + 1;
    }
    if (line < 2) {
      throw new VocabularyFileException(
          file,
          line + 1,
          "missing '[UNK]': line 1 must be empty (the padding"
              + " token) and line 2 '[UNK]', as saveVocabulary writes them");
    }
    return table;
  }

  private static void check(Path file, int line, byte[] token, int maxTokens) {
    for (byte b : token) {
      if (Standardize.NONE.byteMap()[b & 0xFF] == Standardize.WHITESPACE) {
        throw new VocabularyFileException(
            file,
            line,
            String.format(
                "the whitespace byte 0x%02x, which no"
                    + " token can hold; use LF line ends (not CRLF) and one token per line",
                b));
      }
    }
    if (line == 1 && token.length != 0) {
      throw new VocabularyFileException(
          file,
          line,
          "expected an empty line (the padding token) but found '"
              + show(token)
              + "'; a vocabulary file starts with an empty line and '[UNK]', as"
              + " saveVocabulary writes it: add both to a file that lists tokens only");
    }
    if (line == 2 && !Arrays.equals(token, TextVectorization.OOV_TOKEN)) {
      throw new VocabularyFileException(
          file,
          line,
          "expected '[UNK]' (the out-of-vocabulary token) but found '"
              + show(token)
              + "'; line 2 of a vocabulary file is '[UNK]'");
    }
    if (line > 2 && token.length == 0) {
      throw new VocabularyFileException(
          file, line, "empty line; only line 1 (the padding token) is empty," + " delete this one");
    }
    if (line > maxTokens) {
      throw new VocabularyFileException(
          file,
          line,
          "more entries than maxTokens "
              + maxTokens
              + "; raise maxTokens or keep only the first "
              + maxTokens
              + " lines");
    }
  }

  /** A token for a one-line message: control characters escaped, long tokens cut. */
  private static String show(byte[] token) {
    StringBuilder shown = new StringBuilder();
    String text = new String(token, UTF_8);
    for (int i = 0; i < text.length() && i < SHOWN_CHARACTERS; i++) {
      char c = text.charAt(i);
      shown.append(
          Character.isISOControl(c) ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return text.length() > SHOWN_CHARACTERS ? shown + "..." : shown.toString();
  }
}
