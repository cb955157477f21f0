package dev.textrnn.data;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One labelled text of a {@link TextSource}.
 *
 * @param text the text as UTF-8 bytes: a file's exact bytes, or a field's characters encoded; not
 *     copied, do not modify
 * @param label its class's name
 * @param origin where it was read, for messages: {@code reviews/pos/3.txt}, {@code data.zip entry
 *     train/pos/3.txt}, {@code data.csv: row 2 (line 3)}, {@code labels[4]}
 */
public record LabelledText(byte[] text, String label, String origin) {

  public LabelledText {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(origin, "origin");
  }

  /** The text decoded as UTF-8. */
  public String textString() {
    return new String(text, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "LabelledText[" + origin + ", " + text.length + " bytes, label=" + label + "]";
  }
}
