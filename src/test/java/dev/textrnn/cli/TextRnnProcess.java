package dev.textrnn.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line in a child JVM, for what a test cannot do in its own: kill it, or measure its
 * memory. Run as a main class, it runs the command line and then prints its peak resident memory.
 */
public final class TextRnnProcess {
  private static final String PEAK_RSS_PREFIX = "peak-rss-kb: ";
  private static final Pattern LISTENING =
      Pattern.compile("^serve: listening on http://127\\.0\\.0\\.1:(\\d+)/");

  private TextRnnProcess() {}

  /** {@code textrnn ARGS} in a child JVM with this test's class path and the given JVM options. */
  public static ProcessBuilder command(List<String> jvmOptions, String... args) {
    return java(jvmOptions, TextRnnCli.class, args);
  }

  /**
   * As {@link #command}, and the child's standard error ends with its peak resident memory (Linux).
   */
  public static ProcessBuilder measuredCommand(List<String> jvmOptions, String... args) {
    return java(jvmOptions, TextRnnProcess.class, args);
  }

  /**
   * Waits for the child to exit, killing it past {@code limit}.
   *
   * @return its exit code
   * @throws AssertionError naming {@code what} if it ran out of time
   */
  public static int exitCode(Process child, Duration limit, String what)
      throws InterruptedException {
    if (!child.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      child.destroyForcibly().waitFor();
      throw new AssertionError(what + " took more than " + limit);
    }
    return child.exitValue();
  }

  /**
   * The peak resident memory that a {@link #measuredCommand} reported on its standard error, in
   * bytes.
   */
  public static long peakResidentBytes(String stderr) {
    return stderr
        .lines()
        .filter(line -> line.startsWith(PEAK_RSS_PREFIX))
        .mapToLong(line -> Long.parseLong(line.substring(PEAK_RSS_PREFIX.length())) * 1024)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no peak memory reported: " + stderr));
  }

  /**
   * Runs the command line as {@link TextRnnCli#main} does, then prints VmHWM of /proc/self/status.
   */
  public static void main(String[] args) throws Exception {
    int exitCode = TextRnnCli.commandLine().execute(args);
    String peakKilobytes =
        Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(line -> line.startsWith("VmHWM:"))
            .findFirst()
            .orElseThrow()
            .replaceAll("[^0-9]", "");
    System.err.println(PEAK_RSS_PREFIX + peakKilobytes);
    System.exit(exitCode);
  }

  /**
   * Reads the child's standard output up to the first line that matches (then lets the rest drain,
   * so that the child never blocks on a full pipe), or fails if the output ends first.
   */
  public static String awaitLine(Process process, Predicate<String> expected) throws IOException {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
    List<String> seen = new ArrayList<>();
    String line;
    while ((line = lines.readLine()) != null) {
      seen.add(line);
      if (expected.test(line)) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    lines.transferTo(Writer.nullWriter());
                  } catch (IOException e) {
                    // the child ended
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return line;
      }
    }
    throw new AssertionError("the output ended before the line awaited: " + seen);
  }

  /** The port of a child {@code serve --port 0}, once its "listening on" line says it. */
  public static int awaitServing(Process serve) throws IOException {
    Matcher listening = LISTENING.matcher(awaitLine(serve, line -> LISTENING.matcher(line).find()));
    if (!listening.find()) {
      throw new AssertionError();
    }
    return Integer.parseInt(listening.group(1));
  }

  /** {@code mainClass ARGS} in a child JVM with this test's class path. */
  static ProcessBuilder java(List<String> jvmOptions, Class<?> mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }
}
