package dev.textrnn.cli;

import dev.textrnn.io.OutputLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

  /**
   * The folders of one command, by flag, in the order they are named: none may be another, or be
   * inside another, since replacing one would delete the other; and none may be the {@code data}
   * archive (null when not given).
   */
  static void separate(Map<String, Path> folders, Path data) {
    List<Map.Entry<String, Path>> named = List.copyOf(folders.entrySet());
    List<Path> resolved = named.stream().map(f -> resolved(f.getKey(), f.getValue())).toList();
    for (int i = 0; i < named.size(); i++) {
      String flag = named.get(i).getKey();
      Path folder = named.get(i).getValue();
      if (data != null && resolved.get(i).equals(resolved("--data", data))) {
        throw new UsageError(flag + " " + folder + ": is the --data archive; choose another path");
      }
      for (int j = i + 1; j < named.size(); j++) {
        String otherFlag = named.get(j).getKey();
        Path other = named.get(j).getValue();
        if (resolved.get(i).equals(resolved.get(j))) {
          throw new UsageError(
              flag + " and " + otherFlag + " are both " + folder + "; each needs its own folder");
        }
        if (resolved.get(j).startsWith(resolved.get(i))) {
          throw inside(otherFlag, other, flag, folder);
        }
        if (resolved.get(i).startsWith(resolved.get(j))) {
          throw inside(flag, folder, otherFlag, other);
        }
      }
    }
  }

  private static UsageError inside(String flag, Path folder, String outerFlag, Path outer) {
    return new UsageError(
        flag
            + " "
            + folder
            + " is inside "
            + outerFlag
            + " "
            + outer
            + "; each needs its own folder, outside the other");
  }

  private static Path resolved(String flag, Path path) {
    try {
      return OutputLocation.resolve(path);
    } catch (IOException e) {
      throw new UsageError(flag + " " + path + ": cannot resolve it (" + e.getMessage() + ")");
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
