package dev.textrnn.data;

/**
 * The dataset cannot be found, downloaded or read. The message is a single line that names the file
 * or address, says what is wrong and what to do, so a command line can print it as is.
 */
public class DatasetException extends RuntimeException {

  public DatasetException(String message) {
    super(oneLine(message));
  }

  public DatasetException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  /**
   * The first message in the cause chain of {@code e}, without a final period, prefixed with the
   * type of its exception if {@code withType}. If no exception has a message: the outer and the
   * innermost type.
   */
  static String reason(Throwable e, boolean withType) {
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank()) {
        message = message.strip().replaceAll("\\.$", "");
        return withType ? t.getClass().getSimpleName() + ": " + message : message;
      }
      root = t;
    }
    String outer = e.getClass().getSimpleName();
    return root == e ? outer : outer + ": " + root.getClass().getSimpleName();
  }

  /** Messages embed causes' texts, which may span lines. */
  static String oneLine(String message) {
    return message.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
