package dev.textrnn.cli;

import dev.textrnn.data.DatasetException;
import dev.textrnn.server.ServeSetupException;
import dev.textrnn.serving.ModelLoadException;
import dev.textrnn.text.VocabularyFileException;
import dev.textrnn.train.CheckpointException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code textrnn}: the command line. A failure is one line on stderr: exit code 2 for bad input
 * (flags, files, a full disk), 1 for an internal error (a bug, or no memory left), whose stack
 * trace only {@code --verbose} or the environment variable {@code TEXTRNN_DEBUG} adds.
 */
@Command(
    name = "textrnn",
    mixinStandardHelpOptions = true,
    version = "textrnn 0.1.0",
    description = "Text classification with an RNN (the TensorFlow tutorial) on TensorFlow Java.",
    subcommands = {
      TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ExportCommand.class,
      ServeCommand.class, SummaryCommand.class, VocabCommand.class, EncodeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class TextRnnCli implements Runnable {
  static final int USAGE_OR_INPUT_ERROR = 2;
  static final int INTERNAL_ERROR = 1;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description =
          "on an internal error, print its stack trace too (as does setting TEXTRNN_DEBUG)")
  boolean verbose;

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: one-line errors, exit codes 2 and 1. */
  public static CommandLine commandLine() {
    TextRnnCli root = new TextRnnCli();
    CommandLine cli = new CommandLine(root);
    cli.registerConverter(Path.class, TextRnnCli::path);
    cli.setParameterExceptionHandler(
        (e, args) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println(
              e.getCommandLine().getCommandName()
                  + ": "
                  + e.getMessage()
                  + " (see '"
                  + e.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help')");
          return USAGE_OR_INPUT_ERROR;
        });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> root.failed(e, commandLine));
    // picocli hands only Exceptions to the handler; an Error (OutOfMemoryError) would escape.
    CommandLine.IExecutionStrategy strategy = cli.getExecutionStrategy();
    cli.setExecutionStrategy(
        parseResult -> {
          try {
            return strategy.execute(parseResult);
          } catch (Error e) {
            List<CommandLine> commands = parseResult.asCommandLineList();
            return root.failed(e, commands.get(commands.size() - 1));
          }
        });
    return cli;
  }

  /** Reports a failure of {@code commandLine} in one line; returns its exit code. */
  private int failed(Throwable e, CommandLine commandLine) {
    PrintWriter err = commandLine.getErr();
    String command = commandLine.getCommandName() + ": ";
    if (e instanceof StopOnSignals.Stopped stopped) {
      err.println(command + stopped.getMessage());
      return stopped.exitCode();
    }
    if (isExpected(e)) {
      err.println(command + oneLine(e));
      return USAGE_OR_INPUT_ERROR;
    }
    boolean stackTrace = verbose || !System.getenv().getOrDefault("TEXTRNN_DEBUG", "").isEmpty();
    if (e instanceof OutOfMemoryError) {
      err.println(
          command
              + "out of memory ("
              + oneLine(e)
              + "); give Java more, e.g. with TEXTRNN_JAVA_OPTS=-Xmx4g");
    } else {
      err.println(
          command
              + "internal error ("
              + e.getClass().getName()
              + (e.getMessage() == null ? "" : ": " + oneLine(e))
              + "); this is a bug in textrnn: "
              + (stackTrace
                  ? "please report it with the stack trace below"
                  : "run again with --verbose to see its stack trace, and report it"));
    }
    if (stackTrace) {
      e.printStackTrace(err);
    }
    return INTERNAL_ERROR;
  }

  /** An empty argument would be the current folder, which no flag means. */
  private static Path path(String value) {
    if (value.isEmpty()) {
      throw new CommandLine.TypeConversionException("'' is not a path");
    }
    return Path.of(value);
  }

  private static boolean isExpected(Throwable e) {
    return e instanceof DatasetException
        || e instanceof ModelLoadException
        || e instanceof ServeSetupException
        || e instanceof VocabularyFileException
        || e instanceof CheckpointException
        || e instanceof Checks.UsageError
        || e instanceof IOException
        || e instanceof UncheckedIOException;
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof java.nio.file.NoSuchFileException) {
      message = message + ": no such file or folder";
    }
    return message.replace('\n', ' ');
  }
}
