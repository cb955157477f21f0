package dev.textrnn.serving;

/** A model folder that cannot be used; the message is one line naming the folder and what to do. */
public final class ModelLoadException extends RuntimeException {

  ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }

  ModelLoadException(String message) {
    super(message);
  }
}
