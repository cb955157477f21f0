package dev.textrnn.cli;

import dev.textrnn.data.DatasetException;
import dev.textrnn.data.DatasetOptions;
import dev.textrnn.data.Datasets;
import dev.textrnn.data.TextDataset;
import dev.textrnn.data.TextSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * How {@code --data} other than the IMDB archive is read (see {@link Datasets#open}): the flags of
 * train and evaluate alike. train's --validation-data and --test-data are read with them too.
 */
final class DatasetFlags {
  private static final List<String> OTHER_FORMATS = List.of(".zip", ".csv", ".tsv", ".jsonl");
  private static final List<String> FLAGS =
      List.of(
          "--class-names",
          "--validation-split",
          "--text-column",
          "--label-column",
          "--text-field",
          "--label-field");

  @Option(
      names = "--class-names",
      split = ",",
      paramLabel = "A,B,…",
      description =
          "the classes in this order, and only these (folders or labels); default: every one, in"
              + " alphanumeric order")
  List<String> classNames;

  @Option(
      names = "--validation-split",
      paramLabel = "F",
      description =
          "keep this fraction of the training texts out for validation, as Keras's"
              + " validation_split (with --seed)")
  double validationSplit;

  @Option(
      names = "--text-column",
      defaultValue = "text",
      description = "a CSV or TSV file's text column: header name or 0-based index (default: text)")
  String textColumn;

  @Option(
      names = "--label-column",
      defaultValue = "label",
      description = "a CSV or TSV file's label column (default: label)")
  String labelColumn;

  @Option(
      names = "--text-field",
      defaultValue = "text",
      description = "a JSON Lines file's text field (default: text)")
  String textField;

  @Option(
      names = "--label-field",
      defaultValue = "label",
      description = "a JSON Lines file's label field (default: label)")
  String labelField;

  /**
   * Whether {@code data} is read as the tutorial's IMDB archive: when it is absent (found as {@link
   * DataOption} says) or a {@code .tar.gz}, unless one of these flags is given; a folder, a {@code
   * .zip}, CSV, TSV or JSON Lines file never is.
   */
  boolean imdbPreset(CommandSpec command, Path data) {
    boolean flagged =
        FLAGS.stream().anyMatch(command.commandLine().getParseResult()::hasMatchedOption);
    if (flagged) {
      return false;
    }
    if (data == null) {
      return true;
    }
    String name = data.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return !Files.isDirectory(data) && OTHER_FORMATS.stream().noneMatch(name::endsWith);
  }

  DatasetOptions options(CommandSpec command, long seed) {
    return Checks.fromFlags(
        command,
        () ->
            new DatasetOptions(
                classNames, validationSplit, seed, textColumn, labelColumn, textField, labelField));
  }

  TextDataset open(CommandSpec command, Path data, long seed) {
    return Datasets.open(data, options(command, seed));
  }

  /**
   * The whole of an extra set, read with the same columns and fields and the dataset's classes, but
   * no split of its own; empty when {@code path} is null.
   */
  Optional<TextSource> extra(
      CommandSpec command, String flag, Path path, List<String> classes, long seed) {
    if (path == null) {
      return Optional.empty();
    }
    DatasetOptions options = options(command, seed).withValidationSplit(0).withClassNames(classes);
    try {
      return Optional.of(Datasets.open(path, options).train());
    } catch (DatasetException e) {
      throw new Checks.UsageError(flag + " " + e.getMessage().replace("--data", flag));
    }
  }
}
