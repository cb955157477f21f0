package dev.textrnn.data;

import java.util.List;
import java.util.stream.Stream;

/**
 * Labelled texts that can be read any number of times, each time in the same order and streamed:
 * only the record being read is in memory, so a pass for {@code adapt} and another for encoding
 * hold the token ids and never the raw texts.
 *
 * <p>The order is the source's own: for a folder or a {@code .zip}, Keras's order (see {@link
 * Datasets#open}); for a {@code .tar.gz}, a CSV, a JSON Lines file or a list, the order in which
 * they hold their texts, which may be grouped by class: permute the encoded texts before a shuffle
 * buffer smaller than the set.
 */
public interface TextSource {

  /** What it reads, for messages: {@code reviews/train}, {@code data.csv}. */
  String name();

  /** The number of texts a pass gives. */
  int size();

  /**
   * One pass over the texts. The stream holds a file open: close it (try-with-resources); a pass
   * read to its end or ended by an exception closes it too.
   *
   * @throws DatasetException from the stream's operations, for a text that cannot be read (a file
   *     gone, not UTF-8, damaged), naming its origin
   */
  Stream<LabelledText> stream();

  /**
   * Texts held in memory, in the list's order (for texts a caller already holds, such as the Java
   * API's lists).
   *
   * @param name what they are, for messages
   */
  static TextSource of(String name, List<LabelledText> texts) {
    List<LabelledText> held = List.copyOf(texts);
    return new TextSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int size() {
        return held.size();
      }

      @Override
      public Stream<LabelledText> stream() {
        return held.stream();
      }
    };
  }
}
