package dev.textrnn;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/** The reference Python of tests that check outputs with real TensorFlow, Keras or TensorBoard. */
public final class TestPython {
  private TestPython() {}

  /** $TEXTRNN_PYTHON; skips the test when unset, except on CI, where it fails. */
  public static String pythonOrSkip() {
    String python = System.getenv("TEXTRNN_PYTHON");
    if (python == null || python.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        fail(
            "TEXTRNN_PYTHON is not set on CI; set it to $(tools/python-env) so the Python consumer check runs");
      }
      Assumptions.abort(
          "TEXTRNN_PYTHON is not set; run with TEXTRNN_PYTHON=$(tools/python-env) for the Python check");
    }
    return python;
  }
}
