package dev.textrnn.text;

import java.util.Arrays;

/**
 * Standardizes and splits a text in one pass over its bytes. Equivalent to Keras's
 * standardize-then-split because deleting punctuation never adds or removes whitespace. Not
 * thread-safe: it reuses its buffer.
 */
final class Tokenizer {

  /**
   * Receives each token; {@code bytes[0, length)} is valid only during the call, and {@code bytes}
   * has at least 8 elements.
   */
  interface Sink {
    void token(byte[] bytes, int length, int hash);
  }

  private final int[] byteMap;
  private byte[] buffer = new byte[64];

  Tokenizer(Standardize standardize) {
    this.byteMap = standardize.byteMap();
  }

  void tokenize(byte[] text, Sink sink) {
    int[] map = byteMap;
    byte[] token = buffer;
    int length = 0;
    int hash = TokenTable.SEED;
    for (byte b : text) {
      int mapped = map[b & 0xFF];
      if (mapped >= 0) {
        if (length == token.length) {
          token = buffer = Arrays.copyOf(token, length * 2);
        }
        token[length++] = (byte) mapped;
        hash = TokenTable.mix(hash, mapped);
      } else if (mapped == Standardize.WHITESPACE && length > 0) {
        sink.token(token, length, TokenTable.finish(hash, length));
        length = 0;
        hash = TokenTable.SEED;
      }
    }
    if (length > 0) {
      sink.token(token, length, TokenTable.finish(hash, length));
    }
  }
}
