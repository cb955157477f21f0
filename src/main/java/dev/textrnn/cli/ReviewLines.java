package dev.textrnn.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.textrnn.text.Words;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reviews of a byte stream, one a line, read in bounded memory whatever the lines' lengths. A line
 * ends at {@code \n} or {@code \r\n}; a lone {@code \r} is whitespace inside it, as in a review of
 * the archive. Of a line only what a model reads is kept, its first {@value Words#MAX_WORDS} words
 * (and of those at most {@value #MAX_LINE_BYTES} bytes, cut between characters); the rest is read
 * and dropped as it comes. Lines are decoded as UTF-8, undecodable bytes becoming U+FFFD.
 */
final class ReviewLines {
  /**
   * Bytes kept of a line: IMDB's longest review has 13,704, and the archive reader refuses a file
   * of more than 1 MiB; only words of some 50 bytes on average would reach it before the word
   * limit.
   */
  static final int MAX_LINE_BYTES = 1 << 20;

  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int end;
  private byte[] line = new byte[1 << 10];
  private int length;

  ReviewLines(InputStream in) {
    this.in = in;
  }

  /** The next line, or null at the end of the stream. */
  String next() throws IOException {
    length = 0;
    boolean full = false;
    boolean inWord = false;
    int words = 0;
    boolean read = false;
    while (position < end || fill()) {
      read = true;
      byte b = buffer[position++];
      if (b == '\n') {
        if (!full && length > 0 && line[length - 1] == '\r') {
          length--;
        }
        break;
      }
      if (full) {
        continue;
      }
      boolean separator = Words.isSeparator(b);
      if (!separator && !inWord && words++ == Words.MAX_WORDS) {
        full = true;
        continue;
      }
      inWord = !separator;
      if (length == MAX_LINE_BYTES) {
        full = true;
        if (isContinuation(b)) {
          dropPartialCharacter();
        }
        continue;
      }
      if (length == line.length) {
        line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, 2 * length));
      }
      line[length++] = b;
    }
    return read ? new String(line, 0, length, UTF_8) : null;
  }

  private boolean fill() throws IOException {
    end = in.read(buffer);
    position = 0;
    if (end < 0) {
      end = 0;
      return false;
    }
    return true;
  }

  /** Drops the kept bytes of the character that the next, dropped byte continues. */
  private void dropPartialCharacter() {
    while (length > 0 && isContinuation(line[length - 1])) {
      length--;
    }
    if (length > 0 && (line[length - 1] & 0xC0) == 0xC0) {
      length--; // its lead byte
    }
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
