package dev.textrnn.serving;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A SavedModel's {@code assets/labels.txt}: its class names, one a line in UTF-8, class 0 first, so
 * that the model says its labels to any reader (TF Serving's convention for a label file).
 */
final class ClassNamesFile {
  private ClassNamesFile() {}

  static void write(Path file, List<String> names) throws IOException {
    Files.write(file, (String.join("\n", names) + "\n").getBytes(UTF_8));
  }

  /**
   * Checks, before anything else is read, that a model folder has the file: a model exported by an
   * older textrnn has none, nor the outputs that go with it.
   */
  static void requirePresent(Path modelDir, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException(
          modelDir
              + ": the SavedModel has no class names (assets/labels.txt is missing); it was exported"
              + " by an older textrnn: write it again with export --model-dir "
              + modelDir
              + " --out NEW_DIR");
    }
  }

  /**
   * The class names of a model folder, checked against the width of its logits.
   *
   * @throws ModelLoadException if the file cannot be read, is empty, repeats a name, or disagrees
   *     with the graph
   */
  static List<String> read(Path modelDir, Path file, long logitsWidth) {
    List<String> names;
    try {
      names = List.of(new String(Files.readAllBytes(file), UTF_8).split("\n"));
    } catch (IOException e) {
      throw new ModelLoadException(
          modelDir + ": cannot read assets/labels.txt (" + e.getMessage() + ")", e);
    }
    long expected = logitsWidth == 1 ? 2 : logitsWidth;
    if (names.size() != expected
        || names.stream().anyMatch(String::isEmpty)
        || names.stream().distinct().count() != names.size()) {
      throw new ModelLoadException(
          modelDir
              + ": assets/labels.txt names "
              + names.size()
              + " classes "
              + names
              + " but the model's graph gives "
              + expected
              + " (a logit width of "
              + logitsWidth
              + "); the file must list one distinct name a line for each class: export the model"
              + " again");
    }
    return names;
  }
}
