package dev.textrnn.train;

import java.util.Objects;

/**
 * A text to train or evaluate on.
 *
 * @param text its UTF-8 bytes (not copied; do not modify)
 * @param label its class: an index into the model's class names
 */
public record LabelledText(byte[] text, int label) {

  public LabelledText {
    Objects.requireNonNull(text, "text");
  }
}
