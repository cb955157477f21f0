package dev.textrnn.text;

/**
 * The {@code standardize} modes of Keras {@code TextVectorization}, applied to UTF-8 bytes exactly
 * as TensorFlow does: lowercasing maps ASCII {@code A-Z} only, and stripping deletes the 32 ASCII
 * punctuation characters {@code !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~}. Every other byte, including
 * non-ASCII letters and invalid UTF-8, is kept as it is.
 */
public enum Standardize {
  /** Keras's default {@code "lower_and_strip_punctuation"}. */
  LOWER_AND_STRIP_PUNCTUATION(true, true),
  /** {@code "lower"}. */
  LOWER(true, false),
  /** {@code "strip_punctuation"}. */
  STRIP_PUNCTUATION(false, true),
  /** {@code None}: tokens are the whitespace-separated byte runs as they are. */
  NONE(false, false);

  /** Byte class: the byte separates tokens. */
  static final int WHITESPACE = -1;

  /** Byte class: the byte is deleted. */
  static final int DELETED = -2;

  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  private static final String WHITESPACE_BYTES = " \t\n\u000b\f\r";

  private final int[] byteMap = new int[256];

  Standardize(boolean lower, boolean stripPunctuation) {
    for (int b = 0; b < 256; b++) {
      if (WHITESPACE_BYTES.indexOf(b) >= 0) {
        byteMap[b] = WHITESPACE;
      } else if (stripPunctuation && PUNCTUATION.indexOf(b) >= 0) {
        byteMap[b] = DELETED;
      } else if (lower && b >= 'A' && b <= 'Z') {
        byteMap[b] = b + ('a' - 'A');
      } else {
        byteMap[b] = b;
      }
    }
  }

  /**
   * What becomes of each unsigned byte value: {@link #WHITESPACE}, {@link #DELETED} or the output
   * byte (0-255). Shared, never modified.
   */
  int[] byteMap() {
    return byteMap;
  }
}
