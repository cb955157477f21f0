package dev.textrnn.text;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Keras reference of tools/keras/vectorizer_reference.py and the IMDB archive it was made from.
 */
final class KerasReference {
  private KerasReference() {}

  static Path file(String name) {
    try {
      return Path.of(KerasReference.class.getResource("/keras/vectorizer/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The archive: $TEXTRNN_DATA, else ../shared/data/aclImdb_v1.tar.gz beside the checkout. */
  static Path archive() {
    String configured = System.getenv("TEXTRNN_DATA");
    Path archive =
        configured != null
            ? Path.of(configured)
            : Path.of("..", "shared", "data", "aclImdb_v1.tar.gz");
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException(
          "IMDB archive not found at "
              + archive.toAbsolutePath()
              + "; set TEXTRNN_DATA to aclImdb_v1.tar.gz");
    }
    return archive;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The canonical digest of the script: per row its ids in decimal joined by one space, then '\n'.
   */
  static final class IdsDigest {
    private final MessageDigest sha256 = sha256();

    IdsDigest add(int[] ids) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < ids.length; i++) {
        line.append(i > 0 ? " " : "").append(ids[i]);
      }
      sha256.update(line.append('\n').toString().getBytes(US_ASCII));
      return this;
    }

    String hex() {
      return HexFormat.of().formatHex(sha256.digest());
    }
  }
}
