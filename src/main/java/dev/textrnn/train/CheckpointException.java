package dev.textrnn.train;

/**
 * A checkpoint folder that cannot be resumed or exported; the message is one line naming it and
 * what to do.
 */
public final class CheckpointException extends RuntimeException {

  CheckpointException(String message, Throwable cause) {
    super(message.replaceAll("\\s*\\R\\s*", " "), cause);
  }
}
