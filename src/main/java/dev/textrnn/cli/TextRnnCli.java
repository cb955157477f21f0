package dev.textrnn.cli;

import dev.textrnn.data.DatasetException;
import dev.textrnn.serving.ModelLoadException;
import dev.textrnn.text.VocabularyFileException;
import dev.textrnn.train.CheckpointException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code textrnn}: the command line. Every failure is one line on stderr and exit code 2. */
@Command(
    name = "textrnn",
    mixinStandardHelpOptions = true,
    version = "textrnn 0.1.0",
    description = "Text classification with an RNN (the TensorFlow tutorial) on TensorFlow Java.",
    subcommands = {
      TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ExportCommand.class,
      SummaryCommand.class, VocabCommand.class, EncodeCommand.class, CommandLine.HelpCommand.class
    })
public final class TextRnnCli implements Runnable {
  static final int USAGE_OR_INPUT_ERROR = 2;

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: one-line errors, exit code 2. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new TextRnnCli());
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
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println(commandLine.getCommandName() + ": " + oneLine(e));
          if (!isExpected(e)) {
            e.printStackTrace(commandLine.getErr());
          }
          return USAGE_OR_INPUT_ERROR;
        });
    return cli;
  }

  /** An empty argument would be the current folder, which no flag means. */
  private static Path path(String value) {
    if (value.isEmpty()) {
      throw new CommandLine.TypeConversionException("'' is not a path");
    }
    return Path.of(value);
  }

  private static boolean isExpected(Exception e) {
    return e instanceof DatasetException
        || e instanceof ModelLoadException
        || e instanceof VocabularyFileException
        || e instanceof CheckpointException
        || e instanceof Checks.UsageError
        || e instanceof IOException
        || e instanceof UncheckedIOException;
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof java.nio.file.NoSuchFileException) {
      message = message + ": no such file or folder";
    }
    return message.replace('\n', ' ');
  }
}
