package dev.textrnn;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  /**
   * Runs {@code tools/SCRIPT ARGS} and reads the JSON it prints; fails the test, with the end of
   * its standard error, if it exits otherwise than 0 or takes more than 10 minutes.
   *
   * @param work where its standard output and error are kept
   */
  public static JsonNode run(String python, Path work, String script, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(python, Path.of("tools", script).toString()));
    command.addAll(List.of(args));
    Path stdout = work.resolve(script + ".stdout.json");
    Path stderr = work.resolve(script + ".stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail("tools/" + script + " took more than 10 minutes");
    }
    if (process.exitValue() != 0) {
      String errors = Files.readString(stderr);
      fail(
          "tools/"
              + script
              + " exited with "
              + process.exitValue()
              + ":\n"
              + errors.substring(Math.max(0, errors.length() - 4000)));
    }
    return new ObjectMapper().readTree(stdout.toFile());
  }
}
