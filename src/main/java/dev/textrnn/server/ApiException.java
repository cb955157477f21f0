package dev.textrnn.server;

/**
 * A request that fails with TensorFlow Serving's status: its HTTP code, and the message that the
 * body {@code {"error": "…"}} carries.
 */
final class ApiException extends RuntimeException {
  static final int BAD_REQUEST = 400;
  static final int NOT_FOUND = 404;
  static final int REQUEST_TIMEOUT = 408;
  static final int PAYLOAD_TOO_LARGE = 413;
  static final int UNSUPPORTED_MEDIA_TYPE = 415;
  static final int INTERNAL = 500;
  static final int UNAVAILABLE = 503;

  private final int status;

  ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** TensorFlow's INVALID_ARGUMENT (HTTP 400). */
  static ApiException invalidArgument(String message) {
    return new ApiException(BAD_REQUEST, message);
  }

  /** TensorFlow's NOT_FOUND (HTTP 404). */
  static ApiException notFound(String message) {
    return new ApiException(NOT_FOUND, message);
  }

  int status() {
    return status;
  }
}
