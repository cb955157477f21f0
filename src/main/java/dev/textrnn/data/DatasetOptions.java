package dev.textrnn.data;

import dev.textrnn.model.InvalidSettingException;
import dev.textrnn.model.Setting;
import java.util.List;
import java.util.Objects;

/**
 * How {@link Datasets#open} reads a dataset. Fields are named as the command line's flags ({@code
 * validationSplit} is {@code --validation-split}), and a field out of range throws {@link
 * InvalidSettingException} naming it.
 *
 * @param classNames the classes, in this order, and only these (null: every label or class folder,
 *     in alphanumeric order); a folder layout reads only these folders
 * @param validationSplit the fraction of the training texts kept out for validation, as Keras's
 *     {@code validation_split}; 0 for none
 * @param seed the seed of Keras's file order and of the validation split, between 0 and 4294967295
 *     where used
 * @param textColumn a CSV or TSV file's text column: its name in the header, or its 0-based index
 * @param labelColumn a CSV or TSV file's label column, likewise
 * @param textField a JSON Lines file's text field
 * @param labelField a JSON Lines file's label field
 */
public record DatasetOptions(
    List<String> classNames,
    double validationSplit,
    long seed,
    String textColumn,
    String labelColumn,
    String textField,
    String labelField) {

  /** The tutorial's seed, which the command line's {@code --seed} defaults to. */
  public static final long DEFAULT_SEED = 42;

  public DatasetOptions {
    if (classNames != null) {
      classNames = List.copyOf(classNames);
      Setting.requireClassNames("classNames", classNames);
    }
    if (!(validationSplit >= 0 && validationSplit < 1)) {
      throw new InvalidSettingException(
          "validationSplit",
          "must be at least 0 (none) and less than 1, got " + Setting.format(validationSplit));
    }
    requireName("textColumn", textColumn);
    requireName("labelColumn", labelColumn);
    requireName("textField", textField);
    requireName("labelField", labelField);
    if (textColumn.equals(labelColumn)) {
      throw new InvalidSettingException(
          "labelColumn", "must differ from the text column, got " + labelColumn + " for both");
    }
    if (textField.equals(labelField)) {
      throw new InvalidSettingException(
          "labelField", "must differ from the text field, got " + labelField + " for both");
    }
  }

  /**
   * Keras's defaults where it has them: classes from the data, no validation split; the seed 42;
   * the columns and fields {@code text} and {@code label}.
   */
  public static DatasetOptions defaults() {
    return new DatasetOptions(null, 0, DEFAULT_SEED, "text", "label", "text", "label");
  }

  public DatasetOptions withClassNames(List<String> classNames) {
    return new DatasetOptions(
        classNames, validationSplit, seed, textColumn, labelColumn, textField, labelField);
  }

  public DatasetOptions withValidationSplit(double validationSplit) {
    return new DatasetOptions(
        classNames, validationSplit, seed, textColumn, labelColumn, textField, labelField);
  }

  public DatasetOptions withSeed(long seed) {
    return new DatasetOptions(
        classNames, validationSplit, seed, textColumn, labelColumn, textField, labelField);
  }

  /** Both CSV and TSV columns: header names or 0-based indices. */
  public DatasetOptions withColumns(String textColumn, String labelColumn) {
    return new DatasetOptions(
        classNames, validationSplit, seed, textColumn, labelColumn, textField, labelField);
  }

  /** Both JSON Lines fields. */
  public DatasetOptions withFields(String textField, String labelField) {
    return new DatasetOptions(
        classNames, validationSplit, seed, textColumn, labelColumn, textField, labelField);
  }

  private static void requireName(String setting, String value) {
    Objects.requireNonNull(value, setting);
    if (value.isEmpty()) {
      throw new InvalidSettingException(setting, "must not be empty");
    }
  }
}
