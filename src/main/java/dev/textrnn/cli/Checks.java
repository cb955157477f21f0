package dev.textrnn.cli;

import dev.textrnn.io.OutputLocation;
import dev.textrnn.model.InvalidSettingException;
import dev.textrnn.model.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/** Checks of option values; a failure is one line naming the flag. */
final class Checks {
  /** The model's fields whose flags have Keras's names, not theirs. */
  private static final Map<String, String> KERAS_NAMED_FIELDS =
      Map.of("recurrentUnits", "--units", "dropoutRate", "--dropout");

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
    return fromFlags(command, KERAS_NAMED_FIELDS, settings);
  }

  /**
   * {@link #fromFlags(CommandSpec, Supplier)} for settings some of whose flags are not their
   * fields' names with dashes: those are in {@code flagsOfFields}.
   */
  static <T> T fromFlags(
      CommandSpec command, Map<String, String> flagsOfFields, Supplier<T> settings) {
    try {
      return settings.get();
    } catch (InvalidSettingException e) {
      String field = e.setting().replaceFirst("\\[[0-9]+]$", ""); // recurrentUnits[1]: a layer's
      String flag =
          flagsOfFields.getOrDefault(
              field, "--" + field.replaceAll("(?=[A-Z])", "-").toLowerCase(Locale.ROOT));
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

  /** A bad flag value found after parsing: reported like picocli's own, with exit code 2. */
  static final class UsageError extends RuntimeException {
    UsageError(String message) {
      super(message);
    }
  }
}
