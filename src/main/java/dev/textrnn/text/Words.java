package dev.textrnn.text;

/**
 * Words of a UTF-8 text: runs of bytes between ASCII whitespace, which is where the vectorizer
 * splits, so each word gives at most one token (none when standardization deletes all of it). A
 * text's word count bounds its token count in every {@link Standardize} mode.
 */
public final class Words {
  private Words() {}

  /**
   * The first {@code maxWords} words of a text.
   *
   * @param length how many bytes of the text hold them (all of it when it has no more words): the
   *     tokens of {@code text[0, length)} are the text's first tokens
   * @param words how many words that is, at most {@code maxWords}
   */
  public record Prefix(int length, int words) {}

  public static Prefix prefix(byte[] text, int maxWords) {
    int[] byteMap = Standardize.NONE.byteMap();
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length; i++) {
      boolean whitespace = byteMap[text[i] & 0xFF] == Standardize.WHITESPACE;
      if (!whitespace && !inWord) {
        if (words == maxWords) {
          return new Prefix(i, words);
        }
        words++;
      }
      inWord = !whitespace;
    }
    return new Prefix(text.length, words);
  }
}
