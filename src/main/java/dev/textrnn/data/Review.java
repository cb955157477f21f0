package dev.textrnn.data;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One review file of the IMDB archive.
 *
 * @param path entry name in the archive, e.g. {@code aclImdb/train/pos/0_9.txt}
 * @param text the file's exact bytes (UTF-8, never decoded and re-encoded); not copied, do not
 *     modify
 * @param label 1 for pos, 0 for neg, -1 for unsup
 * @param rating the star rating from the file name {@code <id>_<rating>.txt}; 0 for unsup
 */
public record Review(String path, byte[] text, int label, int rating) {

  public static final int POS = 1;
  public static final int NEG = 0;
  public static final int UNSUP = -1;

  public Review {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
  }

  /** The text decoded as UTF-8. */
  public String textString() {
    return new String(text, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "Review["
        + path
        + ", "
        + text.length
        + " bytes, label="
        + label
        + ", rating="
        + rating
        + "]";
  }
}
