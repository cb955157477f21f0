package dev.textrnn.model;

/**
 * The range checks of settings, one wording for all: a flag out of range and a field of a stored
 * recipe out of range read the same. Each throws {@link InvalidSettingException}.
 */
public final class Setting {
  private Setting() {}

  public static void requirePositive(String setting, double value) {
    if (!(value > 0)) {
      throw new InvalidSettingException(setting, "must be greater than 0, got " + format(value));
    }
    if (Double.isInfinite(value)) {
      throw new InvalidSettingException(setting, "must be a finite number, got " + format(value));
    }
  }

  public static void requireBetween(String setting, long value, long minimum, long maximum) {
    if (value < minimum || value > maximum) {
      throw new InvalidSettingException(
          setting, "must be between " + minimum + " and " + maximum + ", got " + value);
    }
  }

  public static void requireAtLeast(String setting, long value, long minimum) {
    if (value < minimum) {
      throw new InvalidSettingException(setting, "must be at least " + minimum + ", got " + value);
    }
  }

  public static void requireFinite(String setting, double value) {
    if (!Double.isFinite(value)) {
      throw new InvalidSettingException(setting, "must be a finite number, got " + format(value));
    }
  }

  /** The classes of a classifier: at least 2, distinct, non-empty names of one line each. */
  public static void requireClassNames(String setting, java.util.List<String> classNames) {
    if (classNames.size() < 2) {
      throw new InvalidSettingException(setting, "must name at least 2 classes, got " + classNames);
    }
    if (classNames.stream().distinct().count() < classNames.size()
        || classNames.stream().anyMatch(name -> name.isEmpty() || name.contains("\n"))) {
      throw new InvalidSettingException(
          setting, "must be distinct, non-empty names of one line each, got " + classNames);
    }
  }

  /**
   * Whole numbers without a fraction; a float's value as it was typed (-0.1, not
   * -0.10000000149011612).
   */
  public static String format(double value) {
    if (Double.isFinite(value) && value == Math.rint(value)) {
      return Long.toString((long) value);
    }
    return value == (float) value ? Float.toString((float) value) : Double.toString(value);
  }
}
