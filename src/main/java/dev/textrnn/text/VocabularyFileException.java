package dev.textrnn.text;

import java.nio.file.Path;

/**
 * A vocabulary file that {@link TextVectorization#load} rejects; the message is one line: file,
 * line, remedy.
 */
public final class VocabularyFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;

  VocabularyFileException(Path file, int line, String problem) {
    super(file + ":" + line + ": " + problem);
    this.file = file;
    this.line = line;
  }

  /** The rejected file. */
  public Path file() {
    return file;
  }

  /** The 1-based line at fault. */
  public int line() {
    return line;
  }
}
