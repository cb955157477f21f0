package dev.textrnn.cli;


/** Range checks of option values; a failure is one line naming the flag. */
final class Checks {
  private Checks() {}

  static void positive(String flag, double value) {
    if (!(value > 0)) {
      throw new UsageError(flag + " must be greater than 0, got " + format(value));
    }
  }

  static void atLeast(String flag, long value, long minimum) {
    if (value < minimum) {
      throw new UsageError(flag + " must be at least " + minimum + ", got " + value);
    }
  }

  private static String format(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  /** A bad flag value found after parsing: reported like picocli's own, with exit code 2. */
  static final class UsageError extends RuntimeException {
    UsageError(String message) {
      super(message);
    }
  }

}
