package dev.textrnn.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real archive for tests: {@code $TEXTRNN_DATA}, else {@code ../shared/data/aclImdb_v1.tar.gz}.
 */
public final class TestData {

  private static ImdbDataset labelled;

  private TestData() {}

  public static Path archive() {
    String env = System.getenv("TEXTRNN_DATA");
    Path archive =
        env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of("..", "shared", "data", "aclImdb_v1.tar.gz");
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException(
          "test data "
              + archive.toAbsolutePath()
              + " not found; set TEXTRNN_DATA to aclImdb_v1.tar.gz");
    }
    return archive;
  }

  /** Train and test splits of the real archive, read once per JVM. */
  public static synchronized ImdbDataset labelled() {
    if (labelled == null) {
      labelled = ImdbDataset.read(archive(), false);
    }
    return labelled;
  }
}
