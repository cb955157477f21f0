package dev.textrnn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A write of an output that failed (read-only file system, no space left, …), explained in one line
 * that starts with the output's path; see {@link OutputLocation#writeFailure}.
 */
public final class OutputWriteException extends IOException {
  private final Path target;

  OutputWriteException(Path target, String problem, Throwable cause) {
    super(target + ": " + problem, cause);
    this.target = target;
  }

  /** The output that was being written, as its writer was given it. */
  public Path target() {
    return target;
  }
}
