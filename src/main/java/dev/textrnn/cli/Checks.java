package dev.textrnn.cli;

import dev.textrnn.model.InvalidSettingException;
import dev.textrnn.model.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/** Checks of option values; a failure is one line naming the flag. */
final class Checks {
  private Checks() {}

  static void between(String flag, long value, long minimum, long maximum) {
    underFlag(() -> Setting.requireBetween(flag, value, minimum, maximum));
  }

  static void atLeast(String flag, long value, long minimum) {
    underFlag(() -> Setting.requireAtLeast(flag, value, minimum));
  }

  private static void underFlag(Runnable check) {
    try {
      check.run();
    } catch (InvalidSettingException e) {
      throw new UsageError(e.getMessage());
    }
  }

  /**
   * Settings made from flag values, whose own checks name their fields: a field out of range is
   * reported under its flag (batchSize under --batch-size).
   *
   * @throws InvalidSettingException as it was for a field that no flag of the command sets: a bug
   */
  static <T> T fromFlags(CommandSpec command, Supplier<T> settings) {
    try {
      return settings.get();
    } catch (InvalidSettingException e) {
      String flag = "--" + e.setting().replaceAll("(?=[A-Z])", "-").toLowerCase(Locale.ROOT);
      if (command.findOption(flag) == null) {
        throw e;
      }
      throw new UsageError(flag + " " + e.problem());
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

  /** A bad flag value found after parsing: reported like picocli's own, with exit code 2. */
  static final class UsageError extends RuntimeException {
    UsageError(String message) {
      super(message);
    }
  }
}
