package dev.textrnn.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A failure that is not the user's: a bug is one line that says so, exit code 1, and its stack
 * trace only with --verbose or TEXTRNN_DEBUG; running out of memory is one line and exit code 1 as
 * well; a failing disk stays the user's problem (exit code 2, one line, no stack trace even with
 * --verbose). Through a command added for the test to {@link TextRnnCli#commandLine()}.
 */
class InternalErrorTest {
  private static final String BUG =
      "fail: internal error (java.lang.IllegalStateException: a broken"
          + " invariant); this is a bug in textrnn: ";

  @Command(name = "fail")
  static final class Failing implements Callable<Integer> {
    @Option(names = "--how")
    String how = "bug";

    @Override
    public Integer call() throws IOException {
      switch (how) {
        case "memory" -> {
          long[] tooLarge = new long[Integer.MAX_VALUE - 8];
          return tooLarge.length;
        }
        case "disk" -> throw new IOException("/tmp/out: No space left on device");
        default -> throw new IllegalStateException("a broken invariant");
      }
    }
  }

  /** The command line with the failing command, in a child JVM. */
  public static void main(String[] args) {
    System.exit(withFailingCommand().execute(args));
  }

  @BeforeAll
  static void debugIsOff() {
    Assumptions.assumeTrue(
        System.getenv().getOrDefault("TEXTRNN_DEBUG", "").isEmpty(),
        "TEXTRNN_DEBUG is set for this test run: every internal error prints its stack trace");
  }

  @Test
  void aBugIsOneLineAndExitCode1() {
    Run run = run("fail");

    assertEquals(1, run.exitCode());
    assertEquals(
        BUG + "run again with --verbose to see its stack trace, and report it\n", run.err());
    assertEquals("", run.out());
  }

  @Test
  void verboseAddsTheStackTrace() {
    Run run = run("fail", "--verbose");

    assertEquals(1, run.exitCode());
    List<String> lines = run.err().lines().toList();
    assertEquals(BUG + "please report it with the stack trace below", lines.get(0));
    assertEquals("java.lang.IllegalStateException: a broken invariant", lines.get(1));
    assertTrue(lines.get(2).startsWith("\tat " + Failing.class.getName() + ".call("), run.err());
  }

  @Test
  void outOfMemoryIsOneLineAndExitCode1() {
    Run run = run("fail", "--how", "memory");

    assertEquals(1, run.exitCode());
    assertEquals(
        "fail: out of memory (Java heap space); give Java more, e.g. with"
            + " TEXTRNN_JAVA_OPTS=-Xmx4g\n",
        run.err());
  }

  @Test
  void aFailingDiskStaysOneLineAndExitCode2EvenWithVerbose() {
    Run run = run("fail", "--how", "disk", "--verbose");

    assertEquals(2, run.exitCode());
    assertEquals("fail: /tmp/out: No space left on device\n", run.err());
  }

  @Test
  void textrnnDebugAddsTheStackTrace() throws Exception {
    ProcessBuilder child = TextRnnProcess.java(List.of(), InternalErrorTest.class, "fail");
    child.environment().put("TEXTRNN_DEBUG", "1");
    Process process = child.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(process.getErrorStream().readAllBytes(), UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));

    assertEquals(1, process.exitValue(), err);
    List<String> lines = err.lines().toList();
    assertEquals(BUG + "please report it with the stack trace below", lines.get(0));
    assertEquals("java.lang.IllegalStateException: a broken invariant", lines.get(1));
  }

  private static CommandLine withFailingCommand() {
    return TextRnnCli.commandLine().addSubcommand(new Failing());
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = withFailingCommand();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }
}
