package dev.textrnn.data;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * The checks of a text read from a file. Keras reads a text file's bytes as they are and its
 * vectorizer works on UTF-8, passing invalid bytes through; here a text that is not UTF-8 (a binary
 * file, or another encoding such as Latin-1 or UTF-16) is refused, naming the file, so that it is
 * never learnt as garbage tokens.
 */
final class TextBytes {
  private TextBytes() {}

  /** The most bytes one text may have, far more than a document and little beside the heap. */
  static final int MAX_TEXT_BYTES = 16 << 20;

  static final String TOO_LONG = "more than the 16 MiB a text may have; split it";

  /**
   * {@code text}, checked.
   *
   * @param origin the text's file, row or entry, which starts the message
   * @throws DatasetException if it is not UTF-8, naming the first byte that is not
   */
  static byte[] checked(byte[] text, String origin) {
    int invalid = firstInvalidUtf8(text);
    if (invalid >= 0) {
      throw new DatasetException(
          String.format(
              "%s: not UTF-8 text (byte 0x%02x at offset %d: a binary file, or another encoding);"
                  + " save it as UTF-8",
              origin, text[invalid] & 0xff, invalid));
    }
    return text;
  }

  /** Whether {@code bytes} starts with UTF-8's byte-order mark, EF BB BF. */
  static boolean startsWithByteOrderMark(byte[] bytes) {
    return bytes.length >= 3
        && (bytes[0] & 0xff) == 0xef
        && (bytes[1] & 0xff) == 0xbb
        && (bytes[2] & 0xff) == 0xbf;
  }

  /** The offset of the first byte that does not belong to a valid UTF-8 sequence, or -1. */
  static int firstInvalidUtf8(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(Math.min(bytes.length, 8192) + 2);
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) {
        return in.position();
      }
      if (result.isUnderflow()) {
        return -1;
      }
      out.clear();
    }
  }
}
