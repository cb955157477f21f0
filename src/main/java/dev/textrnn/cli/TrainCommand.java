package dev.textrnn.cli;

import dev.textrnn.data.ImdbDataset;
import dev.textrnn.model.RnnImplementation;
import dev.textrnn.serving.SavedModelExporter;
import dev.textrnn.train.Checkpoint;
import dev.textrnn.train.CheckpointException;
import dev.textrnn.train.PlainProgress;
import dev.textrnn.train.TerminalProgress;
import dev.textrnn.train.Trainer;
import dev.textrnn.train.TrainingGraph;
import dev.textrnn.train.TrainingListener;
import dev.textrnn.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train the tutorial's model on IMDB and export it as a SavedModel.",
      "Defaults are the tutorial's recipe: 10 epochs, batches of 64 from a 10,000-review shuffle buffer, "
          + "Adam 1e-4, validation on the first 30 test batches after each epoch."
    })
final class TrainCommand implements Callable<Integer> {
  /**
   * TensorFlow starts every thread of its pools at once: 100,000 of them hung the JVM for minutes.
   */
  private static final int MAX_THREADS = 1024;

  /**
   * The flags whose values a resumed run takes from its checkpoint: the recipe, and the folder
   * itself.
   */
  private static final List<String> SET_BY_THE_CHECKPOINT =
      List.of(
          "--model",
          "--cell",
          "--epochs",
          "--batch-size",
          "--max-tokens",
          "--learning-rate",
          "--seed",
          "--validation-steps",
          "--subset",
          "--bucket-by-length",
          "--checkpoint");

  @Spec CommandSpec spec;
  @Mixin DataOption data;
  @Mixin ModelOptions model;

  @Option(names = "--epochs", defaultValue = "10", description = "(default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "64", description = "(default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--max-tokens",
      defaultValue = "1000",
      description = "vocabulary size (default: ${DEFAULT-VALUE})")
  int maxTokens;

  @Option(
      names = "--learning-rate",
      defaultValue = "1e-4",
      description = "Adam's (default: ${DEFAULT-VALUE})")
  float learningRate;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "initial weights and shuffling (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--validation-steps",
      defaultValue = "30",
      description =
          "test batches evaluated after each epoch; 0 for all (default: ${DEFAULT-VALUE})")
  int validationSteps;

  @Option(
      names = "--subset",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "use only N random reviews of each split, for a quick run; 0 for all (default: ${DEFAULT-VALUE})")
  int subset;

  @Option(
      names = "--bucket-by-length",
      description =
          "batches of reviews of similar length, shuffled between batches: less padding, faster epochs")
  boolean bucketByLength;

  @Option(
      names = "--out",
      defaultValue = "savedmodel",
      paramLabel = "DIR",
      description =
          "where the SavedModel goes, replaced only by a complete one (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--checkpoint",
      defaultValue = "checkpoint",
      paramLabel = "DIR",
      description =
          "written after every epoch: weights, optimizer state, vocabulary, history (default: ${DEFAULT-VALUE})")
  Path checkpoint;

  @Option(
      names = "--resume",
      paramLabel = "DIR",
      description =
          "continue the run checkpointed in DIR, with the recipe stored there (the flags that set one"
              + " are refused)")
  Path resume;

  @Option(
      names = "--graphs",
      defaultValue = "graphs",
      paramLabel = "DIR",
      description = "history.json, history.csv, accuracy.png, loss.png (default: ${DEFAULT-VALUE})")
  Path graphs;

  @Option(
      names = "--intra-op-threads",
      defaultValue = "0",
      description =
          "TensorFlow threads inside one op; 0 lets TensorFlow choose (default: ${DEFAULT-VALUE})")
  int intraOpThreads;

  @Option(
      names = "--inter-op-threads",
      defaultValue = "0",
      description =
          "TensorFlow threads running ops side by side; 0 lets TensorFlow choose (default: ${DEFAULT-VALUE})")
  int interOpThreads;

  @Option(
      names = "--rnn-impl",
      defaultValue = "loop",
      paramLabel = "loop|fused",
      converter = RnnImplementationConverter.class,
      description =
          "the recurrent layers as while loops that skip padding (loop), or as TensorFlow's fused LSTM"
              + " kernels, run on groups of rows of similar length (fused; LSTM only) (default: ${DEFAULT-VALUE})")
  RnnImplementation rnnImplementation;

  @Override
  public Integer call() throws Exception {
    Checks.positive("--epochs", epochs);
    Checks.between("--batch-size", batchSize, 1, ImdbDataset.REVIEWS_PER_SPLIT);
    Checks.atLeast("--max-tokens", maxTokens, 3);
    Checks.positive("--learning-rate", learningRate);
    Checks.atLeast("--validation-steps", validationSteps, 0);
    Checks.atLeast("--subset", subset, 0);
    Checks.between("--intra-op-threads", intraOpThreads, 0, MAX_THREADS);
    Checks.between("--inter-op-threads", interOpThreads, 0, MAX_THREADS);
    TrainingRun.Recipe recipe;
    if (resume != null) {
      refuseRecipeFlags();
      recipe = CheckpointInput.read(resume).state().recipe();
    } else {
      recipe =
          new TrainingRun.Recipe(
              model.config(maxTokens),
              maxTokens,
              epochs,
              batchSize,
              seed,
              validationSteps,
              learningRate,
              subset,
              bucketByLength);
      Checks.output("--checkpoint", checkpoint, Checkpoint::checkTarget);
    }
    if (rnnImplementation == RnnImplementation.FUSED && !recipe.model().cell().hasFusedKernel()) {
      throw new Checks.UsageError(
          "--rnn-impl fused has no kernel for "
              + recipe.model().cell().kerasName()
              + " cells; drop it to train with the loop");
    }
    Checks.output("--out", out, SavedModelExporter::checkTarget);
    Checks.folderOrAbsent("--graphs", graphs);
    checkDistinct("--out", out, "--graphs", graphs);
    checkDistinct("--out", out, checkpointFlag(), checkpointFolder());
    checkDistinct("--graphs", graphs, checkpointFlag(), checkpointFolder());

    TrainingListener progress =
        System.console() != null ? new TerminalProgress(System.out) : new PlainProgress(System.out);
    TrainingRun.Setup setup =
        new TrainingRun.Setup(
            data.file,
            checkpointFolder(),
            new TrainingGraph.RunSettings(intraOpThreads, interOpThreads, rnnImplementation));
    TrainingRun.Result result;
    try {
      result =
          resume != null
              ? TrainingRun.resume(setup, System.out, progress)
              : TrainingRun.run(recipe, setup, System.out, progress);
    } catch (Trainer.DivergedException e) {
      throw new Checks.UsageError(e.getMessage() + "; " + lastCheckpoint(recipe));
    }
    result.history().write(graphs);
    System.out.println("History and plots: " + graphs);
    ExportCommand.export(
        result.model(), result.weights(), result.vectorizer(), out, "; lower --learning-rate");
    System.out.println("SavedModel: " + out);
    return 0;
  }

  static final class RnnImplementationConverter extends LowerCaseEnumConverter<RnnImplementation> {
    RnnImplementationConverter() {
      super(RnnImplementation.class);
    }
  }

  private Path checkpointFolder() {
    return resume != null ? resume : checkpoint;
  }

  private String checkpointFlag() {
    return resume != null ? "--resume" : "--checkpoint";
  }

  /**
   * A resumed run follows its checkpoint's recipe: a flag that sets another would be silently
   * ignored.
   */
  private void refuseRecipeFlags() {
    List<String> given =
        SET_BY_THE_CHECKPOINT.stream()
            .filter(spec.commandLine().getParseResult()::hasMatchedOption)
            .toList();
    if (!given.isEmpty()) {
      throw new Checks.UsageError(
          "--resume continues the recipe stored in "
              + resume
              + "; drop "
              + String.join(", ", given));
    }
  }

  private static void checkDistinct(String flag, Path folder, String otherFlag, Path other) {
    if (folder.toAbsolutePath().normalize().equals(other.toAbsolutePath().normalize())) {
      throw new Checks.UsageError(
          flag + " and " + otherFlag + " are both " + folder + "; each needs its own folder");
    }
  }

  /** Where a diverged run can be resumed from: its last checkpoint, if one of its epochs ended. */
  private String lastCheckpoint(TrainingRun.Recipe recipe) {
    try {
      Checkpoint.State state = Checkpoint.readState(checkpointFolder());
      if (state.recipe().equals(recipe)) {
        return "the last good checkpoint is "
            + checkpointFolder()
            + " (epoch "
            + state.epoch()
            + ")";
      }
    } catch (IOException | CheckpointException e) {
      // no checkpoint of this run
    }
    return "no epoch ended, so this run has no checkpoint";
  }
}
