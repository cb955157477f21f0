package dev.textrnn.server;

/** The server cannot start as asked: one line naming the flag or folder and what to do. */
public final class ServeSetupException extends RuntimeException {
  ServeSetupException(String message) {
    super(message);
  }
}
