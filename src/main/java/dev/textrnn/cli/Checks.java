package dev.textrnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Range checks of option values; a failure is one line naming the flag. */
final class Checks {
  private Checks() {}

  static void positive(String flag, double value) {
    if (!(value > 0)) {
      throw new UsageError(flag + " must be greater than 0, got " + format(value));
    }
    if (Double.isInfinite(value)) {
      throw new UsageError(flag + " must be a finite number, got " + format(value));
    }
  }

  static void between(String flag, long value, long minimum, long maximum) {
    if (value < minimum || value > maximum) {
      throw new UsageError(
          flag + " must be between " + minimum + " and " + maximum + ", got " + value);
    }
  }

  /** A check of an output path that throws IOException, run so that its failure names the flag. */
  @FunctionalInterface
  interface OutputCheck {
    void check(Path path) throws IOException;
  }

  static void output(String flag, Path path, OutputCheck check) {
    try {
      check.check(path);
    } catch (IOException e) {
      throw new UsageError(flag + " " + e.getMessage());
    }
  }

  /** A folder that files are written into (not replaced): absent or a folder. */
  static void folderOrAbsent(String flag, Path path) {
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw new UsageError(flag + " " + path + ": is a file, not a folder; choose another path");
    }
  }

  static void atLeast(String flag, long value, long minimum) {
    if (value < minimum) {
      throw new UsageError(flag + " must be at least " + minimum + ", got " + value);
    }
  }

  /**
   * Whole numbers without a fraction; a float flag's value as it was typed (-0.1, not
   * -0.10000000149011612).
   */
  private static String format(double value) {
    if (Double.isFinite(value) && value == Math.rint(value)) {
      return Long.toString((long) value);
    }
    return value == (float) value ? Float.toString((float) value) : Double.toString(value);
  }

  /** A bad flag value found after parsing: reported like picocli's own, with exit code 2. */
  static final class UsageError extends RuntimeException {
    UsageError(String message) {
      super(message);
    }
  }
}
