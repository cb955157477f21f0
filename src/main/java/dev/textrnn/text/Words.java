package dev.textrnn.text;

import java.util.Arrays;

/**
 * Words of a UTF-8 text: runs of bytes between ASCII whitespace, which is where the vectorizer
 * splits, so each word gives at most one token (none when standardization deletes all of it). A
 * text's word count bounds its token count in every {@link Standardize} mode.
 */
public final class Words {
  /**
   * The words of a text that a model reads, in training and in predictions alike; the rest of a
   * longer text does not count. It bounds a text's time steps, so that the memory of a training
   * step or a prediction is bounded whatever the texts (a review of 190,000 words took training to
   * 12 GB). IMDB's longest review has 2,470 words (2,469 tokens; {@code
   * aclImdb/train/pos/1175_9.txt}), so the limit is eight times that and cuts no review of the
   * dataset. Keras's {@code TextVectorization} does not cut texts: ids and logits are exactly
   * Keras's for every text of at most this many words.
   */
  public static final int MAX_WORDS = 20_000;

  private static final int[] BYTE_CLASSES = Standardize.NONE.byteMap();

  private Words() {}

  /**
   * The first {@code maxWords} words of a text.
   *
   * @param length how many bytes of the text hold them (all of it when it has no more words): the
   *     tokens of {@code text[0, length)} are the text's first tokens
   * @param words how many words that is, at most {@code maxWords}
   */
  public record Prefix(int length, int words) {
    /** {@code text[0, length)}: the text itself when this prefix is all of it. */
    public byte[] of(byte[] text) {
      return length == text.length ? text : Arrays.copyOf(text, length);
    }
  }

  /** What a model reads of a text: its first {@value #MAX_WORDS} words. */
  public static Prefix limited(byte[] text) {
    return prefix(text, MAX_WORDS);
  }

  public static Prefix prefix(byte[] text, int maxWords) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length; i++) {
      boolean separator = isSeparator(text[i]);
      if (!separator && !inWord) {
        if (words == maxWords) {
          return new Prefix(i, words);
        }
        words++;
      }
      inWord = !separator;
    }
    return new Prefix(text.length, words);
  }

  /** Whether the byte separates words: ASCII whitespace, where Keras's default split splits. */
  public static boolean isSeparator(byte b) {
    return BYTE_CLASSES[b & 0xFF] == Standardize.WHITESPACE;
  }
}
