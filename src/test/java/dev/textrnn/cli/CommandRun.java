package dev.textrnn.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The command line run in this JVM, with everything it prints: picocli's two streams and {@code
 * System.out}, where training reports its progress.
 *
 * @param out the standard output, picocli's and {@code System.out}'s
 */
record CommandRun(int exitCode, String out, String err) {

  static CommandRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = TextRnnCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    ByteArrayOutputStream systemOut = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exitCode;
    System.setOut(new PrintStream(systemOut, true, StandardCharsets.UTF_8));
    try {
      exitCode = cli.execute(args);
    } finally {
      System.setOut(original);
    }
    return new CommandRun(
        exitCode, out + systemOut.toString(StandardCharsets.UTF_8), err.toString());
  }
}
