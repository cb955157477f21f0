package dev.textrnn.cli;

import static dev.textrnn.data.TestArchives.gzip;
import static dev.textrnn.data.TestArchives.tar;
import static dev.textrnn.data.TestArchives.tarGz;
import static dev.textrnn.text.HardText.randomBytes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.textrnn.data.TestData;
import dev.textrnn.io.AtomicFiles;
import dev.textrnn.io.FileTree;
import dev.textrnn.model.Architecture;
import dev.textrnn.model.CellType;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.serving.TestModels;
import dev.textrnn.text.TextVectorization;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every flag of every command with a bad or missing value, unknown flags, and damaged inputs
 * (archives, checkpoints, vocabularies, model folders), through {@link TextRnnCli#commandLine()}:
 * exactly one line {@code command: message} on stderr, exit code 2, nothing on stdout, and nothing
 * written. In the cases, {@code {dir}} is this class's temporary folder (fixtures are built there
 * with small, made-up contents) and {@code {data}} the real IMDB archive.
 */
class BadInputTest {
  /**
   * Added to a case's arguments unless it gives the flag: a check that is missing then fails on a
   * file that does not exist instead of training, reading the data, or writing outside {@code
   * {dir}}.
   */
  private static final Map<String, List<String>> SAFE_DEFAULTS =
      Map.of(
          "train",
              List.of(
                  "--data",
                  "{dir}/absent.tar.gz",
                  "--out",
                  "{dir}/out",
                  "--checkpoint",
                  "{dir}/out-checkpoint",
                  "--graphs",
                  "{dir}/graphs"),
          "evaluate", List.of("--data", "{dir}/absent.tar.gz", "--model-dir", "{dir}/model"),
          "predict", List.of("--model-dir", "{dir}/model"),
          "export", List.of("--checkpoint", "{dir}/default", "--out", "{dir}/out"),
          "vocab", List.of("--data", "{dir}/absent.tar.gz"),
          "encode", List.of("--data", "{dir}/absent.tar.gz"));

  private static final String ACTION = "download it again or pass another file with --data";
  private static final String USE_ANOTHER =
      "use a checkpoint folder as train wrote it, or start a new run";

  @TempDir static Path dir;

  @BeforeAll
  static void writeFixtures() throws IOException {
    writeArchives();
    writeCheckpoints();
    writeModelFolders();
    Files.writeString(dir.resolve("file.txt"), "a file, not a folder");
    Files.writeString(dir.resolve("two.csv"), "text,label\nhello,a\nbye,b\n");
    Files.createDirectory(dir.resolve("notes"));
    Files.writeString(
        dir.resolve("notes/keep.txt"), "somebody's notes, which no command may replace");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({
    "commandLine",
    "flagValues",
    "archives",
    "outputFolders",
    "checkpoints",
    "modelFolders",
    "serveFlags"
  })
  void oneLineOnStderrAndExitCode2(String commandLine, String message) {
    List<String> before = FileTree.snapshot(dir);

    Outcome outcome = run(commandLine);

    assertEquals(substitute(message) + "\n", outcome.err());
    assertEquals(2, outcome.exitCode());
    assertEquals("", outcome.out());
    assertEquals(before, FileTree.snapshot(dir), "nothing written");
  }

  /**
   * A learning rate far too high: the loss explodes (to a value this machine's arithmetic decides)
   * within a few steps, and training stops as on a NaN, with the rate as it was typed.
   */
  @Test
  void aLearningRateFarTooHighStopsTrainingInOneLine() {
    List<String> before = FileTree.snapshot(dir);

    Outcome outcome =
        run(
            "train --data {data} --learning-rate 1e9 --max-tokens 100 --epochs 1 --batch-size 16"
                + " --subset 64 --validation-steps 1");

    assertTrue(
        outcome
            .err()
            .matches(
                "train: the loss exploded to [0-9.]+E[0-9]+ \\(past 1000, which no run that"
                    + " learns reaches\\) at epoch 1, step [0-9]+; training stopped; lower"
                    + " --learning-rate \\(now 1e9\\); no epoch ended, so this run has no"
                    + " checkpoint\n"),
        outcome.err());
    assertEquals(2, outcome.exitCode());
    assertEquals(before, FileTree.snapshot(dir), "nothing written");
  }

  private record Outcome(int exitCode, String out, String err) {}

  private static Outcome run(String commandLine) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = TextRnnCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(arguments(commandLine));
    return new Outcome(exitCode, out.toString(), err.toString());
  }

  /** The matrix names every option of every command. */
  @Test
  void everyFlagOfEveryCommandHasACase() {
    List<String> commandLines =
        Stream.of(
                commandLine(),
                flagValues(),
                archives(),
                outputFolders(),
                checkpoints(),
                modelFolders(),
                serveFlags())
            .flatMap(cases -> cases)
            .map(arguments -> (String) arguments.get()[0])
            .toList();
    List<String> missing = new ArrayList<>();
    TextRnnCli.commandLine()
        .getSubcommands()
        .forEach(
            (name, command) -> {
              if (name.equals("help")) {
                return;
              }
              for (OptionSpec option : command.getCommandSpec().options()) {
                String flag = option.longestName();
                if (!flag.equals("--help")
                    && !flag.equals("--version")
                    && commandLines.stream()
                        .noneMatch(
                            line ->
                                line.startsWith(name + " ")
                                    && Stream.of(line.split(" "))
                                        .anyMatch(word -> word.split("=")[0].equals(flag)))) {
                  missing.add(name + " " + flag);
                }
              }
            });
    assertEquals(List.of(), missing, "options without a bad-input case");
  }

  static Stream<Arguments> commandLine() {
    Stream<Arguments> unknownFlags =
        Stream.of("train", "evaluate", "predict", "export", "summary", "vocab", "encode")
            .map(
                command ->
                    bad(
                        command + " --bogus" + (command.equals("encode") ? " text" : ""),
                        command
                            + ": Unknown option: '--bogus' (see 'textrnn "
                            + command
                            + " --help')"));
    return Stream.concat(
        Stream.of(
            bad("bogus", "textrnn: Unmatched argument at index 0: 'bogus' (see 'textrnn --help')"),
            bad("help bogus", "textrnn: Unknown subcommand 'bogus'. (see 'textrnn --help')"),
            bad(
                "predict",
                "predict: no review given; pass TEXT..., --file F, or - to read standard input"),
            bad(
                "encode",
                "encode: Missing required parameter: 'TEXT' (see 'textrnn encode --help')")),
        unknownFlags);
  }

  static Stream<Arguments> flagValues() {
    return Stream.of(datasetFlagValues(), callbackFlagValues(), otherFlagValues())
        .flatMap(cases -> cases);
  }

  /** The flags of Keras's callbacks: out of range, or without the flag they go with. */
  static Stream<Arguments> callbackFlagValues() {
    String metrics = "(loss, accuracy, keras_accuracy, val_loss, val_accuracy, val_keras_accuracy)";
    String stopping = "train --early-stopping-patience 2";
    String reducing = "train --reduce-lr-on-plateau";
    return Stream.of(
        bad(
            stopping + " --monitor val_f1",
            "train: --monitor must name a metric of the run " + metrics + ", got val_f1"),
        bad(
            "train --save-best-only --monitor acc",
            "train: --monitor must name a metric of the run " + metrics + ", got acc"),
        bad(
            "train --monitor val_accuracy",
            "train: --monitor goes with --early-stopping-patience or --save-best-only or"
                + " --reduce-lr-on-plateau; add one, or drop --monitor"),
        notA("train", "--early-stopping-patience", "x", "an int"),
        bad(
            "train --early-stopping-patience -1",
            "train: --early-stopping-patience must be at least 0, got -1"),
        notA("train", "--min-delta", "x", "a double"),
        bad(stopping + " --min-delta NaN", "train: --min-delta must be a finite number, got NaN"),
        bad(
            "train --min-delta 0.1",
            "train: --min-delta goes with --early-stopping-patience; add it, or drop --min-delta"),
        notA("train", "--restore-best-weights", "maybe", "a boolean"),
        bad(
            "train --restore-best-weights",
            "train: --restore-best-weights goes with --early-stopping-patience; add it, or drop"
                + " --restore-best-weights"),
        notA("train", "--start-from-epoch", "x", "an int"),
        bad(
            stopping + " --start-from-epoch -1",
            "train: --start-from-epoch must be at least 0, got -1"),
        bad(
            "train --start-from-epoch 3",
            "train: --start-from-epoch goes with --early-stopping-patience; add it, or drop"
                + " --start-from-epoch"),
        notA("train", "--save-best-only", "maybe", "a boolean"),
        notA("train", "--reduce-lr-on-plateau", "maybe", "a boolean"),
        notA("train", "--reduce-lr-factor", "x", "a double"),
        bad(
            reducing + " --reduce-lr-factor 1",
            "train: --reduce-lr-factor must be greater than 0 and less than 1, got 1"),
        bad(
            reducing + " --reduce-lr-factor 0",
            "train: --reduce-lr-factor must be greater than 0 and less than 1, got 0"),
        bad(
            "train --reduce-lr-factor 0.5",
            "train: --reduce-lr-factor goes with --reduce-lr-on-plateau; add it, or drop"
                + " --reduce-lr-factor"),
        notA("train", "--reduce-lr-patience", "x", "an int"),
        bad(
            reducing + " --reduce-lr-patience -1",
            "train: --reduce-lr-patience must be at least 0, got -1"),
        bad(
            "train --reduce-lr-patience 2",
            "train: --reduce-lr-patience goes with --reduce-lr-on-plateau; add it, or drop"
                + " --reduce-lr-patience"),
        notA("train", "--reduce-lr-min-lr", "x", "a double"),
        bad(
            reducing + " --reduce-lr-min-lr -1",
            "train: --reduce-lr-min-lr must be at least 0, got -1"),
        bad(
            "train --reduce-lr-min-lr 1e-6",
            "train: --reduce-lr-min-lr goes with --reduce-lr-on-plateau; add it, or drop"
                + " --reduce-lr-min-lr"),
        notA("train", "--reduce-lr-cooldown", "x", "an int"),
        bad(
            reducing + " --reduce-lr-cooldown -2",
            "train: --reduce-lr-cooldown must be at least 0, got -2"),
        bad(
            "train --reduce-lr-cooldown 1",
            "train: --reduce-lr-cooldown goes with --reduce-lr-on-plateau; add it, or drop"
                + " --reduce-lr-cooldown"),
        notA("train", "--reduce-lr-min-delta", "x", "a double"),
        bad(
            reducing + " --reduce-lr-min-delta Infinity",
            "train: --reduce-lr-min-delta must be a finite number, got Infinity"),
        bad(
            "train --reduce-lr-min-delta 0.01",
            "train: --reduce-lr-min-delta goes with --reduce-lr-on-plateau; add it, or drop"
                + " --reduce-lr-min-delta"),
        notAPath("train", "--tensorboard"),
        missingValue("train", "--tensorboard", "DIR"),
        bad(
            "train --tensorboard {dir}/file.txt",
            "train: --tensorboard {dir}/file.txt: is a file, not a folder; choose another path"),
        bad(
            "train --tensorboard /sys/textrnn/logs",
            "train: --tensorboard /sys/textrnn/logs: /sys cannot be written (permission denied);"
                + " choose another path"),
        bad(
            "train --tensorboard {dir}/out",
            "train: --out and --tensorboard are both {dir}/out; each needs its own folder"),
        notOneOf("train", "--update-freq", "step", "epoch, batch"),
        bad(
            "train --update-freq batch",
            "train: --update-freq goes with --tensorboard; add it, or drop --update-freq"),
        bad(
            "train --resume {dir}/default --early-stopping-patience 2 --save-best-only"
                + " --reduce-lr-on-plateau --monitor loss",
            "train: --resume continues the recipe stored in {dir}/default; drop --monitor,"
                + " --early-stopping-patience, --save-best-only, --reduce-lr-on-plateau"));
  }

  /** The flags of --data other than the IMDB archive, train's and evaluate's alike. */
  static Stream<Arguments> datasetFlagValues() {
    List<Arguments> cases = new ArrayList<>();
    for (String command : List.of("train", "evaluate")) {
      String data = command + " --data {dir}/two.csv";
      cases.add(
          bad(
              data + " --class-names only",
              command + ": --class-names must name at least 2 classes, got [only]"));
      cases.add(
          bad(
              data + " --validation-split 1.5",
              command + ": --validation-split must be at least 0 (none) and less than 1, got 1.5"));
      cases.add(
          bad(
              data + " --text-column nope",
              command
                  + ": {dir}/two.csv: line 1 (the header): no column nope (its columns: text,"
                  + " label); name the column with --text-column (a header name or a 0-based"
                  + " index)"));
      cases.add(
          bad(
              data + " --label-column text",
              command + ": --label-column must differ from the text column, got text for both"));
      cases.add(bad(data + " --text-field=", command + ": --text-field must not be empty"));
      cases.add(
          bad(
              data + " --label-field text",
              command + ": --label-field must differ from the text field, got text for both"));
    }
    cases.add(
        bad(
            "train --data {dir}/two.csv --validation-data {dir}/absent.csv",
            "train: --validation-data {dir}/absent.csv: no such file or folder; pass an existing"
                + " one with --validation-data"));
    cases.add(
        bad(
            "train --data {dir}/two.csv --test-data {dir}/absent.csv",
            "train: --test-data {dir}/absent.csv: no such file or folder; pass an existing one"
                + " with --test-data"));
    cases.add(
        bad(
            "train --data {dir}/two.csv --test-data {dir}/notes",
            "train: --test-data {dir}/notes: no class folders (its .txt file, such as keep.txt,"
                + " lies outside any); put each class's .txt files in a folder of its own,"
                + " CLASS/NAME.txt"));
    return cases.stream();
  }

  static Stream<Arguments> otherFlagValues() {
    return Stream.of(
        notA("train", "--epochs", "many", "an int"),
        notA("train", "--epochs", "99999999999", "an int"),
        bad("train --epochs 0", "train: --epochs must be greater than 0, got 0"),
        bad("train --epochs -1", "train: --epochs must be greater than 0, got -1"),
        missingValue("train", "--epochs", "<epochs>"),
        notA("train", "--batch-size", "x", "an int"),
        bad("train --batch-size 0", "train: --batch-size must be between 1 and 25000, got 0"),
        bad(
            "train --batch-size 2147483647",
            "train: --batch-size must be between 1 and 25000, got 2147483647"),
        notA("train", "--max-tokens", "x", "an int"),
        bad("train --max-tokens 2", "train: --max-tokens must be at least 3, got 2"),
        bad("train --max-tokens -1", "train: --max-tokens must be at least 3, got -1"),
        notA("train", "--learning-rate", "fast", "a float"),
        bad("train --learning-rate 0", "train: --learning-rate must be greater than 0, got 0"),
        bad(
            "train --learning-rate -0.1",
            "train: --learning-rate must be greater than 0, got -0.1"),
        bad("train --learning-rate 1e-50", "train: --learning-rate must be greater than 0, got 0"),
        bad("train --learning-rate NaN", "train: --learning-rate must be greater than 0, got NaN"),
        bad(
            "train --learning-rate Infinity",
            "train: --learning-rate must be a finite number, got Infinity"),
        notA("train", "--seed", "1.5", "a long"),
        notA("train", "--validation-steps", "all", "an int"),
        bad("train --validation-steps -1", "train: --validation-steps must be at least 0, got -1"),
        notA("train", "--subset", "half", "an int"),
        bad("train --subset -5", "train: --subset must be between 0 and 25000, got -5"),
        bad("train --subset 30000", "train: --subset must be between 0 and 25000, got 30000"),
        notA("train", "--bucket-by-length", "sometimes", "a boolean"),
        notA("train", "--overwrite", "maybe", "a boolean"),
        notOneOf("train", "--model", "bogus", "default, stacked"),
        notOneOf("train", "--model", "{empty}", "default, stacked"),
        notOneOf("train", "--cell", "rnn", "lstm, gru"),
        notOneOf("train", "--rnn-impl", "block", "loop, fused"),
        bad(
            "train --cell gru --rnn-impl fused",
            "train: --rnn-impl fused has no kernel for gru cells; drop it to train with the loop"),
        notA("train", "--intra-op-threads", "x", "an int"),
        bad(
            "train --intra-op-threads -1",
            "train: --intra-op-threads must be between 0 and 1024, got -1"),
        bad(
            "train --intra-op-threads 100000",
            "train: --intra-op-threads must be between 0 and 1024, got 100000"),
        bad(
            "train --inter-op-threads -1",
            "train: --inter-op-threads must be between 0 and 1024, got -1"),
        bad(
            "train --inter-op-threads 100000",
            "train: --inter-op-threads must be between 0 and 1024, got 100000"),
        notAPath("train", "--data"),
        missingValue("train", "--data", "FILE"),
        missingValue("train", "--resume", "DIR"),
        notA("evaluate", "--batch-size", "x", "an int"),
        bad("evaluate --batch-size 0", "evaluate: --batch-size must be between 1 and 25000, got 0"),
        bad(
            "evaluate --batch-size 25001",
            "evaluate: --batch-size must be between 1 and 25000, got 25001"),
        notA("evaluate", "--json", "maybe", "a boolean"),
        notAPath("evaluate", "--model-dir"),
        notA("predict", "--json", "maybe", "a boolean"),
        missingValue("predict", "--model-dir", "DIR"),
        notAPath("predict", "--file"),
        bad(
            "predict --file {dir}/absent.txt x",
            "predict: {dir}/absent.txt: no such file or folder"),
        bad(
            "predict --file {dir}/notes x",
            "predict: --file {dir}/notes: is a folder; pass a text file with one"
                + " review per line"),
        notAPath("export", "--checkpoint"),
        notAPath("export", "--model-dir"),
        bad(
            "export --model-dir {dir}/model",
            "export: --model-dir and --checkpoint name two sources; export one of them"),
        missingValue("export", "--out", "DIR"),
        notA("train", "--embedding-dim", "wide", "an int"),
        bad("train --embedding-dim 0", "train: --embedding-dim must be between 1 and 4096, got 0"),
        bad(
            "train --embedding-dim 2000000000",
            "train: --embedding-dim must be between 1 and 4096, got 2000000000"),
        bad(
            "train --units x",
            "train: Invalid value for option '--units' (N): 'x' is not an int (see 'textrnn"
                + " train --help')"),
        bad(
            "train --units 64,,32",
            "train: Invalid value for option '--units' (N): '' is not an int (see 'textrnn"
                + " train --help')"),
        bad("train --units 64,0", "train: --units must be between 1 and 4096, got 0"),
        bad(
            "train --units 1000000000",
            "train: --units must be between 1 and 4096, got 1000000000"),
        missingValue("train", "--units", "N"),
        notA("train", "--dense-units", "many", "an int"),
        bad("train --dense-units 0", "train: --dense-units must be between 1 and 4096, got 0"),
        bad(
            "train --dense-units 4097",
            "train: --dense-units must be between 1 and 4096, got 4097"),
        notA("train", "--dropout", "half", "a double"),
        bad("train --dropout 1", "train: --dropout must be at least 0 and less than 1, got 1"),
        bad(
            "train --dropout -0.1",
            "train: --dropout must be at least 0 and less than 1, got -0.1"),
        bad("train --dropout NaN", "train: --dropout must be at least 0 and less than 1, got NaN"),
        notOneOf("summary", "--model", "huge", "default, stacked"),
        bad(
            "summary --embedding-dim -1",
            "summary: --embedding-dim must be between 1 and 4096, got -1"),
        bad("summary --units 8,-2", "summary: --units must be between 1 and 4096, got -2"),
        bad(
            "summary --dense-units 5000",
            "summary: --dense-units must be between 1 and 4096, got 5000"),
        bad(
            "summary --dropout 1.5",
            "summary: --dropout must be at least 0 and less than 1, got 1.5"),
        notOneOf("summary", "--cell", "rnn", "lstm, gru"),
        notA("summary", "--max-tokens", "x", "an int"),
        bad("summary --max-tokens 0", "summary: --max-tokens must be at least 3, got 0"),
        bad("summary --max-tokens -5", "summary: --max-tokens must be at least 3, got -5"),
        notA("vocab", "--top", "x", "an int"),
        bad("vocab --top -1", "vocab: --top must be at least 0, got -1"),
        notA("vocab", "--max-tokens", "x", "an int"),
        bad("vocab --max-tokens 2", "vocab: --max-tokens must be at least 3, got 2"),
        notA("encode", "--round-trip", "x", "a boolean"),
        bad("encode --max-tokens 1 text", "encode: --max-tokens must be at least 3, got 1"),
        missingValue("encode", "--data", "FILE"),
        notA("train", "--verbose", "maybe", "a boolean"),
        notA("evaluate", "--verbose", "maybe", "a boolean"),
        notA("predict", "--verbose", "maybe", "a boolean"),
        notA("export", "--verbose", "maybe", "a boolean"),
        notA("summary", "--verbose", "maybe", "a boolean"),
        notA("vocab", "--verbose", "maybe", "a boolean"),
        notA("encode", "--verbose", "maybe", "a boolean"));
  }

  /**
   * --data of every command that reads it: missing, a folder, empty, truncated, corrupt, or not
   * IMDB.
   */
  static Stream<Arguments> archives() {
    List<Arguments> cases = new ArrayList<>();
    for (String command : List.of("train", "vocab", "encode text", "evaluate")) {
      String name = command.split(" ")[0];
      cases.add(
          bad(
              command + " --data {dir}/absent.tar.gz",
              name
                  + ": {dir}/absent.tar.gz: no such file (from"
                  + " --data); pass an existing aclImdb_v1.tar.gz with --data"));
      cases.add(
          bad(
              command + " --data {dir}/notes",
              name
                  + (name.equals("train") || name.equals("evaluate")
                      ? ": {dir}/notes: no class folders (its .txt file, such as keep.txt, lies"
                          + " outside any); put each class's .txt files in a folder of its own,"
                          + " CLASS/NAME.txt"
                      : ": {dir}/notes: is a directory (from --data), expected the file"
                          + " aclImdb_v1.tar.gz; pass an existing aclImdb_v1.tar.gz with --data")));
      cases.add(
          bad(
              command + " --data /dev/null",
              name
                  + ": /dev/null: is a character device, not a regular file (from --data), expected"
                  + " the file aclImdb_v1.tar.gz; pass an existing aclImdb_v1.tar.gz with --data"));
      cases.add(
          bad(
              command + " --data {dir}/empty.tar.gz",
              name
                  + ": {dir}/empty.tar.gz: not a gzip file (is"
                  + " empty, expected 1f 8b); pass the aclImdb_v1.tar.gz archive with --data"));
    }
    Map<String, String> damaged = new LinkedHashMap<>();
    damaged.put(
        "one-byte.tar.gz",
        "not a gzip file (has 1 byte, expected 1f 8b); pass the aclImdb_v1.tar.gz"
            + " archive with --data");
    damaged.put(
        "zip.tar.gz",
        "not a gzip file (starts with 50 4b, expected 1f 8b); pass the aclImdb_v1.tar.gz"
            + " archive with --data");
    damaged.put(
        "plain.tar",
        "not a gzip file (starts with 61 63, expected 1f 8b); pass the aclImdb_v1.tar.gz"
            + " archive with --data");
    damaged.put(
        "random-after-magic.tar.gz",
        "corrupt gzip data (Unsupported compression method 254 in the .gz header); " + ACTION);
    damaged.put("truncated.tar.gz", "truncated gzip stream after 2000 bytes; " + ACTION);
    damaged.put(
        "corrupt-deflate.tar.gz", "corrupt gzip data (Gzip-compressed data is corrupt); " + ACTION);
    damaged.put(
        "gzip-not-tar.tar.gz",
        "not a tar archive inside the gzip (Corrupted TAR archive); " + ACTION);
    damaged.put(
        "no-reviews.tar.gz",
        "contains no IMDB reviews (no train/ or test/ review files); " + ACTION);
    damaged.put("no-train.tar.gz", "has no aclImdb/train/ reviews; " + ACTION);
    damaged.put("no-test.tar.gz", "has no aclImdb/test/ reviews; " + ACTION);
    damaged.put(
        "few-reviews.tar.gz",
        "wrong number of reviews: train/pos has 1 (expected 12,500), train/neg has"
            + " 1 (expected 12,500), test/pos has 1 (expected 12,500), test/neg has 1 (expected 12,500); "
            + ACTION);
    damaged.put(
        "huge-review.tar.gz",
        "entry aclImdb/train/pos/0_9.txt has 2000000 bytes, far more than a review; " + ACTION);
    damaged.forEach(
        (file, problem) ->
            cases.add(bad("train --data {dir}/" + file, "train: {dir}/" + file + ": " + problem)));
    cases.add(
        bad(
            "vocab --data {dir}/no-train.tar.gz",
            "vocab: {dir}/no-train.tar.gz: has no aclImdb/train/ reviews; " + ACTION));
    return cases.stream();
  }

  /** Folders a command would write: never anything but their own kind, never a file's child. */
  static Stream<Arguments> outputFolders() {
    String notAModel =
        ": exists and is not a SavedModel folder; not replacing it, choose another path";
    String notACheckpoint =
        ": exists and is not a training checkpoint folder; not replacing it, choose another path";
    String outsideTheOther = " each needs its own folder, outside the other";
    String alsoHoldsNotes =
        " but also holds notes.txt, which this program did not write; not replacing it: move that"
            + " out, or choose another path";
    return Stream.of(
        bad("train --out {dir}/notes", "train: --out {dir}/notes" + notAModel),
        bad("train --out {dir}/file.txt", "train: --out {dir}/file.txt" + notAModel),
        bad(
            "train --out {dir}/file.txt/model",
            "train: --out {dir}/file.txt is a file, not a folder; cannot export"
                + " a model into it"),
        bad("train --checkpoint {dir}/notes", "train: --checkpoint {dir}/notes" + notACheckpoint),
        bad("train --checkpoint {dir}/model", "train: --checkpoint {dir}/model" + notACheckpoint),
        bad(
            "train --graphs {dir}/file.txt",
            "train: --graphs {dir}/file.txt: is a file, not a folder; choose" + " another path"),
        bad(
            "train --out {dir}/same --checkpoint {dir}/same",
            "train: --out and --checkpoint are both {dir}/same;" + " each needs its own folder"),
        bad(
            "train --out {dir}/same --graphs {dir}/same",
            "train: --out and --graphs are both {dir}/same; each needs" + " its own folder"),
        bad(
            "train --checkpoint {dir}/c --out {dir}/c/model",
            "train: --out {dir}/c/model is inside --checkpoint {dir}/c;" + outsideTheOther),
        bad(
            "train --checkpoint {dir}/g/c --graphs {dir}/g",
            "train: --checkpoint {dir}/g/c is inside --graphs {dir}/g;" + outsideTheOther),
        bad(
            "train --out {dir}/m --graphs {dir}/m/../m/graphs",
            "train: --graphs {dir}/m/../m/graphs is inside --out {dir}/m;" + outsideTheOther),
        bad(
            "train --resume {dir}/default --out {dir}/default/model",
            "train: --out {dir}/default/model is inside --resume {dir}/default;" + outsideTheOther),
        bad(
            "train --data {dir}/few-reviews.tar.gz --graphs {dir}/few-reviews.tar.gz",
            "train: --graphs {dir}/few-reviews.tar.gz: is the --data archive; choose another"
                + " path"),
        bad(
            "train --checkpoint {dir}/default-with-notes --overwrite",
            "train: --checkpoint {dir}/default-with-notes: is a training checkpoint folder"
                + alsoHoldsNotes),
        bad(
            "train --resume {dir}/default-with-notes",
            "train: --resume {dir}/default-with-notes: is a training checkpoint folder"
                + alsoHoldsNotes),
        bad(
            "train --checkpoint {dir}/default",
            "train: --checkpoint {dir}/default holds a run of another recipe (epoch 1 of 2);"
                + " pass --overwrite to replace it with this run, or --resume {dir}/default if"
                + " continuing that run was meant"),
        bad(
            "train --checkpoint {dir}/default --max-tokens 40 --epochs 2 --batch-size 32 --seed 1"
                + " --validation-steps 1 --learning-rate 1e-3 --subset 32",
            "train: --checkpoint {dir}/default holds a run of this recipe (epoch 1 of 2); pass"
                + " --resume {dir}/default to continue it, or --overwrite to start it again"),
        bad("export --out {dir}/notes", "export: --out {dir}/notes" + notAModel),
        bad(
            "export --checkpoint {dir}/stacked --out {dir}/default",
            "export: --out {dir}/default" + notAModel),
        bad(
            "export --out {dir}/model-with-notes",
            "export: --out {dir}/model-with-notes: is a SavedModel folder" + alsoHoldsNotes),
        bad(
            "export --checkpoint {dir}/default --out {dir}/default/model",
            "export: --out {dir}/default/model is inside --checkpoint {dir}/default;"
                + outsideTheOther),
        bad(
            "export --out {dir}/file.txt/model",
            "export: --out {dir}/file.txt is a file, not a folder; cannot"
                + " export a model into it"));
  }

  /** --checkpoint of export and --resume of train: missing, damaged, or of another model. */
  static Stream<Arguments> checkpoints() {
    Map<String, String> damaged = new LinkedHashMap<>();
    damaged.put(
        "absent",
        "{dir}/absent: no such checkpoint folder; pass the folder that train wrote with"
            + " --checkpoint");
    damaged.put(
        "notes",
        "{dir}/notes: not a training checkpoint (no checkpoint.json); pass the folder that train"
            + " wrote with --checkpoint");
    damaged.put(
        "bad-json",
        "{dir}/bad-json/checkpoint.json: not a checkpoint description (Unexpected character"
            + " ('n' (code 110)): was expecting double-quote to start field name); "
            + USE_ANOTHER);
    damaged.put(
        "empty-json",
        "{dir}/empty-json/checkpoint.json: not a checkpoint description (Missing creator"
            + " property 'recipe' (index 0)); "
            + USE_ANOTHER);
    damaged.put("no-vocabulary", "{dir}/no-vocabulary/vocabulary.txt: no such file or folder");
    damaged.put(
        "repeated-token",
        "{dir}/repeated-token/vocabulary.txt:5: token 'the' repeats line 3; remove one of"
            + " them");
    damaged.put(
        "no-special-tokens",
        "{dir}/no-special-tokens/vocabulary.txt:1: expected an empty line (the padding"
            + " token) but found 'the'; a vocabulary file starts with an empty line and '[UNK]', as saveVocabulary"
            + " writes it: add both to a file that lists tokens only");
    damaged.put(
        "no-unk",
        "{dir}/no-unk/vocabulary.txt:2: expected '[UNK]' (the out-of-vocabulary token) but found"
            + " 'the'; line 2 of a vocabulary file is '[UNK]'");
    damaged.put(
        "other-vocabulary",
        "{dir}/other-vocabulary: its vocabulary has 30 entries but its model 40"
            + " embedding rows; "
            + USE_ANOTHER);
    // A stored recipe is checked as its flags are, in the same words.
    Map<String, String> badSettings = new LinkedHashMap<>();
    badSettings.put("batch-size-0", "recipe.batchSize must be between 1 and 25000, got 0");
    badSettings.put("epochs-negative", "recipe.epochs must be greater than 0, got -1");
    badSettings.put("max-tokens-2", "recipe.maxTokens must be at least 3, got 2");
    badSettings.put("learning-rate-negative", "recipe.learningRate must be greater than 0, got -1");
    badSettings.put(
        "validation-steps-negative", "recipe.validationSteps must be at least 0, got -1");
    badSettings.put("subset-negative", "recipe.subset must be between 0 and 25000, got -5");
    badSettings.put("vocabulary-size-0", "recipe.model.vocabularySize must be at least 2, got 0");
    badSettings.put("no-dense-units", "model.denseUnits must be between 1 and 4096, got 0");
    badSettings.put(
        "epoch-before-history", "epoch must equal the number of epochs in history (3), got 1");
    badSettings.put("epoch-past-epochs", "epoch must be between 1 and 2, got 3");
    badSettings.forEach(
        (folder, problem) ->
            damaged.put(
                folder, "{dir}/" + folder + "/checkpoint.json: " + problem + "; " + USE_ANOTHER));
    List<Arguments> cases = new ArrayList<>();
    damaged.forEach(
        (folder, problem) -> {
          cases.add(bad("export --checkpoint {dir}/" + folder, "export: " + problem));
          cases.add(bad("train --resume {dir}/" + folder, "train: " + problem));
        });
    Map<String, String> unrestorable = new LinkedHashMap<>();
    unrestorable.put(
        "no-variables",
        "Unsuccessful TensorSliceReader constructor: Failed to find any matching files"
            + " for {dir}/no-variables/variables/variables");
    unrestorable.put("truncated-variables", "Read less bytes than requested");
    unrestorable.put(
        "stacked-variables",
        "Assign requires shapes of both tensors to match. lhs shape= [128,64]"
            + " rhs shape= [64,64]");
    unrestorable.put(
        "other-max-tokens-variables",
        "Assign requires shapes of both tensors to match. lhs shape="
            + " [40,64] rhs shape= [30,64]");
    unrestorable.forEach(
        (folder, detail) ->
            cases.add(
                bad(
                    "export --checkpoint {dir}/" + folder,
                    "export: {dir}/"
                        + folder
                        + ": cannot restore its variables into the model it describes ("
                        + detail
                        + "); "
                        + USE_ANOTHER)));
    for (String folder : List.of("stacked-variables", "other-max-tokens-variables")) {
      cases.add(
          bad(
              "train --resume {dir}/" + folder + " --data {data}",
              "train: {dir}/"
                  + folder
                  + ": cannot restore its variables into the model it describes ("
                  + unrestorable.get(folder)
                  + "); "
                  + USE_ANOTHER));
    }
    cases.add(
        bad(
            "train --resume {dir}/default --model stacked",
            "train: --resume continues the recipe stored in" + " {dir}/default; drop --model"));
    cases.add(
        bad(
            "train --resume {dir}/default --epochs 20 --max-tokens 500 --checkpoint {dir}/default",
            "train: --resume continues the recipe stored in {dir}/default; drop --epochs, --max-tokens, --checkpoint"));
    cases.add(
        bad(
            "train --resume {dir}/default --embedding-dim 8 --units 8,4 --dense-units 8"
                + " --dropout 0.1",
            "train: --resume continues the recipe stored in {dir}/default; drop"
                + " --embedding-dim, --units, --dense-units, --dropout"));
    cases.add(
        bad(
            "train --resume {dir}/default --overwrite",
            "train: --resume continues the recipe stored in {dir}/default; drop --overwrite"));
    cases.add(
        bad(
            "train --resume {dir}/default --bucket-by-length",
            "train: --resume continues the recipe stored in {dir}/default; drop --bucket-by-length"));
    cases.add(
        bad(
            "export --checkpoint {dir}/file.txt",
            "export: {dir}/file.txt: no such checkpoint folder; pass"
                + " the folder that train wrote with --checkpoint"));
    return cases.stream();
  }

  /** --model-dir of predict and evaluate, and a model whose classes are not the data's labels. */
  static Stream<Arguments> modelFolders() {
    Map<String, String> damaged = new LinkedHashMap<>();
    damaged.put(
        "absent",
        "no such model folder; export a model there first or pass the folder that holds"
            + " saved_model.pb");
    damaged.put(
        "file.txt", "is a file, not a model folder; pass the folder that holds saved_model.pb");
    damaged.put(
        "notes",
        "not a SavedModel (no saved_model.pb); pass the folder that SavedModelExporter wrote");
    damaged.put(
        "default",
        "is a training checkpoint, not a SavedModel; make one with 'textrnn export --checkpoint"
            + " {dir}/default --out MODEL' and pass --model-dir MODEL");
    damaged.put(
        "model-without-variables",
        "the SavedModel has no weights (variables/variables.index is missing);"
            + " the folder is incomplete, export the model again");
    damaged.put(
        "model-with-corrupt-graph",
        "cannot load the SavedModel (Can't parse"
            + " {dir}/model-with-corrupt-graph/saved_model.pb as binary proto); export the model again");
    damaged.put(
        "interrupted",
        "no such model folder; export a model there first or pass the folder that holds"
            + " saved_model.pb; a replacement of it was interrupted and left the previous one in"
            + " {dir}/.interrupted.previous-0000abcd: rename that folder to interrupted");
    List<Arguments> cases = new ArrayList<>();
    damaged.forEach(
        (folder, problem) -> {
          cases.add(
              bad(
                  "predict --model-dir {dir}/" + folder + " text",
                  "predict: {dir}/" + folder + ": " + problem));
          cases.add(
              bad(
                  "evaluate --model-dir {dir}/" + folder,
                  "evaluate: {dir}/" + folder + ": " + problem));
        });
    cases.add(
        bad(
            "evaluate --model-dir {dir}/model-of-three-classes --data {data}",
            "evaluate: {data}: labels negative, positive are not among the model's classes (bad,"
                + " good, so-so); evaluate a model trained on these labels (--model-dir), or data"
                + " labelled with the model's classes"));
    return cases.stream();
  }

  /** serve's flags, each refused before a model is loaded or a port bound; export's --version. */
  static Stream<Arguments> serveFlags() {
    String model = " --model-dir {dir}/model";
    return Stream.of(
        bad("serve --bogus", "serve: Unknown option: '--bogus' (see 'textrnn serve --help')"),
        notA("serve", "--port", "http", "an int"),
        bad("serve --port 65536", "serve: --port must be between 0 and 65535, got 65536"),
        bad(
            "serve --host 256.0.0.1" + model,
            "serve: cannot listen on 256.0.0.1:8501 (Failed to bind to 256.0.0.1/<unresolved>:8501);"
                + " pass"
                + " another --host or --port"),
        bad(
            "serve --model-name a/b" + model,
            "serve: --model-name must be a non-empty name without '/' or ':', got 'a/b'"),
        bad(
            "serve",
            "serve: no model given; pass --model-dir DIR (one SavedModel) or --model-base-path"
                + " DIR (version folders DIR/1, DIR/2, …)"),
        bad(
            "serve --model-base-path {dir}/notes" + model,
            "serve: --model-dir and --model-base-path name two models; serve one of them"),
        bad(
            "serve --model-base-path {dir}/absent",
            "serve: --model-base-path {dir}/absent: no such folder; export a model into it with"
                + " 'textrnn export --out {dir}/absent --version 1'"),
        bad(
            "serve --model-base-path {dir}/notes",
            "serve: {dir}/notes: no version folder (1/, 2/, …) holding a SavedModel; export one"
                + " there with 'textrnn export --out {dir}/notes --version 1', or serve one folder"
                + " with --model-dir"),
        bad(
            "serve --model-dir {dir}/absent",
            "serve: {dir}/absent: no such model folder; export a model there first or pass the"
                + " folder that holds saved_model.pb"),
        bad(
            "serve --file-system-poll-wait-seconds -1",
            "serve: --file-system-poll-wait-seconds must be between 0 and 86400, got -1"),
        notA("serve", "--enable-batching", "maybe", "a boolean"),
        bad(
            "serve --batch-timeout-micros -1",
            "serve: --batch-timeout-micros must be between 0 and 10000000, got -1"),
        bad(
            "serve --max-batch-size 0",
            "serve: --max-batch-size must be between 1 and 100000, got 0"),
        bad(
            "serve --num-batch-threads 0",
            "serve: --num-batch-threads must be between 1 and 1024, got 0"),
        bad(
            "serve --max-body-bytes 0",
            "serve: --max-body-bytes must be between 1 and 2147483639, got 0"),
        bad(
            "serve --rest-api-timeout-in-ms 0",
            "serve: --rest-api-timeout-in-ms must be between 1 and 3600000, got 0"),
        notA("serve", "--verbose", "maybe", "a boolean"),
        notA("export", "--version", "two", "a long"),
        bad(
            "export --version 0",
            "export: --version must be between 1 and 999999999999999999, got 0"));
  }

  private static Arguments bad(String commandLine, String message) {
    return Arguments.of(commandLine, message);
  }

  private static Arguments notA(String command, String flag, String value, String type) {
    return bad(
        command + " " + flag + "=" + value,
        command
            + ": Invalid value for option '"
            + flag
            + "': '"
            + value
            + "' is not "
            + type
            + " (see 'textrnn "
            + command
            + " --help')");
  }

  private static Arguments notOneOf(String command, String flag, String value, String choices) {
    return bad(
        command + " " + flag + " " + value,
        command
            + ": Invalid value for option '"
            + flag
            + "': '"
            + (value.equals("{empty}") ? "" : value)
            + "' is not one of "
            + choices
            + " (see 'textrnn "
            + command
            + " --help')");
  }

  private static Arguments notAPath(String command, String flag) {
    return bad(
        command + " " + flag + " {empty}",
        command
            + ": Invalid value for option '"
            + flag
            + "': '' is not a"
            + " path (see 'textrnn "
            + command
            + " --help')");
  }

  private static Arguments missingValue(String command, String flag, String label) {
    return bad(
        command + " " + flag,
        command
            + ": Missing required parameter for option '"
            + flag
            + "' ("
            + label
            + ") (see 'textrnn "
            + command
            + " --help')");
  }

  /**
   * The case's words with placeholders filled in, and right after the command the safe defaults of
   * the flags the case leaves out (so that a flag at the case's end still lacks its value).
   */
  private static String[] arguments(String commandLine) {
    List<String> words = new ArrayList<>(Arrays.asList(commandLine.split(" ")));
    List<String> defaults = SAFE_DEFAULTS.getOrDefault(words.get(0), List.of());
    List<String> added = new ArrayList<>();
    for (int i = 0; i < defaults.size(); i += 2) {
      String flag = defaults.get(i);
      boolean refusedWithResume = flag.equals("--checkpoint") && words.contains("--resume");
      if (!refusedWithResume && words.stream().noneMatch(word -> word.split("=")[0].equals(flag))) {
        added.add(flag);
        added.add(defaults.get(i + 1));
      }
    }
    words.addAll(1, added);
    return words.stream()
        .map(word -> word.equals("{empty}") ? "" : substitute(word))
        .toArray(String[]::new);
  }

  private static String substitute(String text) {
    return text.replace("{dir}", dir.toString()).replace("{data}", TestData.archive().toString());
  }

  private static void writeArchives() throws IOException {
    Files.write(dir.resolve("empty.tar.gz"), new byte[0]);
    Files.write(dir.resolve("one-byte.tar.gz"), new byte[] {0x1f});
    Files.write(
        dir.resolve("zip.tar.gz"), withStart(new byte[] {'P', 'K', 3, 4}, randomBytes(4000, 1)));
    Files.write(
        dir.resolve("random-after-magic.tar.gz"),
        withStart(new byte[] {0x1f, (byte) 0x8b, (byte) 0xfe}, randomBytes(4000, 2)));
    Map<String, byte[]> imdbLike = new LinkedHashMap<>();
    imdbLike.put("aclImdb/README", "the dataset".getBytes(UTF_8));
    imdbLike.put("aclImdb/train/pos/0_9.txt", "A wonderful film.".getBytes(UTF_8));
    imdbLike.put("aclImdb/train/neg/1_2.txt", "A dreadful film.".getBytes(UTF_8));
    imdbLike.put("aclImdb/test/pos/2_10.txt", "Great.".getBytes(UTF_8));
    imdbLike.put("aclImdb/test/neg/3_1.txt", "Awful.".getBytes(UTF_8));
    imdbLike.put("aclImdb/train/unsup/4_0.txt", randomText(20_000, 3).getBytes(UTF_8));
    byte[] fewReviews = tarGz(imdbLike);
    Files.write(dir.resolve("few-reviews.tar.gz"), fewReviews);
    Files.write(dir.resolve("truncated.tar.gz"), Arrays.copyOf(fewReviews, 2000));
    byte[] corrupt = fewReviews.clone();
    for (int i = 100; i < 400; i++) {
      corrupt[i] ^= 0x5a;
    }
    Files.write(dir.resolve("corrupt-deflate.tar.gz"), corrupt);
    Files.write(dir.resolve("plain.tar"), tar(imdbLike));
    Files.write(dir.resolve("gzip-not-tar.tar.gz"), gzip(randomBytes(10_000, 4)));
    Files.write(
        dir.resolve("no-reviews.tar.gz"),
        tarGz(Map.of("aclImdb/README", "no reviews".getBytes(UTF_8))));
    Files.write(dir.resolve("no-train.tar.gz"), tarGz(only(imdbLike, "aclImdb/test/")));
    Files.write(dir.resolve("no-test.tar.gz"), tarGz(only(imdbLike, "aclImdb/train/")));
    Files.write(
        dir.resolve("huge-review.tar.gz"),
        tarGz(Map.of("aclImdb/train/pos/0_9.txt", new byte[2_000_000])));
  }

  /**
   * A default and a stacked checkpoint of the tutorial's sizes sharing a vocabulary of 40, one with
   * a vocabulary of 30, and damaged or mixed copies of them.
   */
  private static void writeCheckpoints() throws IOException {
    List<String> texts =
        IntStream.range(0, 60).mapToObj(i -> ("word" + i + " ").repeat(i + 1)).toList();
    TextVectorization vocabulary40 = TextVectorization.builder().maxTokens(40).adaptStrings(texts);
    TextVectorization vocabulary30 = TextVectorization.builder().maxTokens(30).adaptStrings(texts);
    Path defaults = dir.resolve("default");
    Path stacked = dir.resolve("stacked");
    Path smaller = dir.resolve("default-30");
    TestCheckpoints.write(
        defaults,
        TestCheckpoints.quickRecipe(ModelConfig.of(Architecture.DEFAULT, CellType.LSTM, 40)),
        null,
        vocabulary40);
    TestCheckpoints.write(
        stacked,
        TestCheckpoints.quickRecipe(ModelConfig.of(Architecture.STACKED, CellType.LSTM, 40)),
        null,
        vocabulary40);
    TestCheckpoints.write(
        smaller,
        TestCheckpoints.quickRecipe(ModelConfig.of(Architecture.DEFAULT, CellType.LSTM, 30)),
        null,
        vocabulary30);

    Files.writeString(copy(defaults, "bad-json").resolve("checkpoint.json"), "{ not json");
    Files.writeString(copy(defaults, "empty-json").resolve("checkpoint.json"), "{}");
    Files.delete(copy(defaults, "no-vocabulary").resolve("vocabulary.txt"));
    Files.writeString(
        copy(defaults, "repeated-token").resolve("vocabulary.txt"), "\n[UNK]\nthe\nmovie\nthe\n");
    Files.writeString(
        copy(defaults, "no-special-tokens").resolve("vocabulary.txt"), "the\nmovie\nwas\n");
    Files.writeString(copy(defaults, "no-unk").resolve("vocabulary.txt"), "\nthe\nmovie\n");
    Files.copy(
        smaller.resolve("vocabulary.txt"),
        copy(defaults, "other-vocabulary").resolve("vocabulary.txt"),
        StandardCopyOption.REPLACE_EXISTING);
    editState(defaults, "batch-size-0", state -> recipe(state).put("batchSize", 0));
    editState(defaults, "epochs-negative", state -> recipe(state).put("epochs", -1));
    editState(defaults, "max-tokens-2", state -> recipe(state).put("maxTokens", 2));
    editState(defaults, "learning-rate-negative", state -> recipe(state).put("learningRate", -1));
    editState(
        defaults, "validation-steps-negative", state -> recipe(state).put("validationSteps", -1));
    editState(defaults, "subset-negative", state -> recipe(state).put("subset", -5));
    editState(
        defaults,
        "vocabulary-size-0",
        state -> ((ObjectNode) recipe(state).get("model")).put("vocabularySize", 0));
    editState(
        defaults,
        "no-dense-units",
        state -> ((ObjectNode) state.get("model")).put("denseUnits", 0));
    editState(defaults, "epoch-before-history", BadInputTest::threeEpochsOfHistory);
    editState(
        defaults,
        "epoch-past-epochs",
        state -> {
          threeEpochsOfHistory(state);
          state.put("epoch", 3);
        });
    AtomicFiles.deleteRecursively(copy(defaults, "no-variables").resolve("variables"));
    Path variablesData =
        copy(defaults, "truncated-variables").resolve("variables/variables.data-00000-of-00001");
    Files.write(variablesData, Arrays.copyOf(Files.readAllBytes(variablesData), 100));
    Files.writeString(copy(defaults, "default-with-notes").resolve("notes.txt"), "keep me");
    replaceVariables(copy(defaults, "stacked-variables"), stacked);
    replaceVariables(copy(defaults, "other-max-tokens-variables"), smaller);
  }

  /** A copy of the checkpoint whose checkpoint.json is edited. */
  private static void editState(Path checkpoint, String name, Consumer<ObjectNode> edit)
      throws IOException {
    Path state = copy(checkpoint, name).resolve("checkpoint.json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode tree = (ObjectNode) json.readTree(state.toFile());
    edit.accept(tree);
    json.writeValue(state.toFile(), tree);
  }

  private static ObjectNode recipe(ObjectNode state) {
    return (ObjectNode) state.get("recipe");
  }

  /** The history of epoch 1 three times over, the epoch left at 1. */
  private static void threeEpochsOfHistory(ObjectNode state) {
    ArrayNode history = (ArrayNode) state.get("history");
    history.add(history.get(0).deepCopy());
    history.add(history.get(0).deepCopy());
  }

  private static void writeModelFolders() throws IOException {
    TextVectorization vectorizer =
        TextVectorization.builder().maxTokens(20).adaptStrings(List.of("a fine film"));
    Path model =
        TestModels.export(
                TestModels.TINY.withVocabularySize(vectorizer.vocabularySize()),
                1,
                vectorizer,
                dir.resolve("model"))
            .dir();
    AtomicFiles.deleteRecursively(copy(model, "model-without-variables").resolve("variables"));
    Files.write(
        copy(model, "model-with-corrupt-graph").resolve("saved_model.pb"), randomBytes(3000, 5));
    copy(model, ".interrupted.previous-0000abcd");
    Files.writeString(copy(model, "model-with-notes").resolve("notes.txt"), "keep me");
    TestModels.export(
        TestModels.TINY
            .withVocabularySize(vectorizer.vocabularySize())
            .withClassNames(List.of("bad", "good", "so-so")),
        1,
        vectorizer,
        dir.resolve("model-of-three-classes"));
  }

  private static void replaceVariables(Path checkpoint, Path from) throws IOException {
    AtomicFiles.deleteRecursively(checkpoint.resolve("variables"));
    copyTree(from.resolve("variables"), checkpoint.resolve("variables"));
  }

  private static Path copy(Path folder, String name) throws IOException {
    Path copy = dir.resolve(name);
    copyTree(folder, copy);
    return copy;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Files.copy(path, to.resolve(from.relativize(path).toString()));
      }
    }
  }

  private static Map<String, byte[]> only(Map<String, byte[]> entries, String prefix) {
    Map<String, byte[]> kept = new LinkedHashMap<>();
    entries.forEach(
        (name, content) -> {
          if (name.startsWith(prefix)) {
            kept.put(name, content);
          }
        });
    return kept;
  }

  /** Words that compress poorly, so that a cut archive ends inside its deflate data. */
  private static String randomText(int words, long seed) {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      text.append(Integer.toString(random.nextInt(1 << 20), 36)).append(' ');
    }
    return text.toString();
  }

  private static byte[] withStart(byte[] start, byte[] rest) {
    byte[] bytes = Arrays.copyOf(start, start.length + rest.length);
    System.arraycopy(rest, 0, bytes, start.length, rest.length);
    return bytes;
  }
}
