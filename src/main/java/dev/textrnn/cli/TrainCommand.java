package dev.textrnn.cli;

import dev.textrnn.data.TextDataset;
import dev.textrnn.data.TextSource;
import dev.textrnn.io.OutputLocation;
import dev.textrnn.io.OutputWriteException;
import dev.textrnn.model.RnnImplementation;
import dev.textrnn.model.Setting;
import dev.textrnn.serving.SavedModelExporter;
import dev.textrnn.train.BestModel;
import dev.textrnn.train.CallbackSettings;
import dev.textrnn.train.Checkpoint;
import dev.textrnn.train.CheckpointException;
import dev.textrnn.train.EarlyStopping;
import dev.textrnn.train.PlainProgress;
import dev.textrnn.train.ReduceLrOnPlateau;
import dev.textrnn.train.StopRequest;
import dev.textrnn.train.TensorBoard;
import dev.textrnn.train.TerminalProgress;
import dev.textrnn.train.Trainer;
import dev.textrnn.train.Training;
import dev.textrnn.train.TrainingGraph;
import dev.textrnn.train.TrainingListener;
import dev.textrnn.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train the tutorial's model on IMDB and export it as a SavedModel.",
      "Defaults are the tutorial's recipe, as each flag shows: batches from a 10,000-review"
          + " shuffle buffer, Adam, validation on the first test batches after each epoch."
    })
final class TrainCommand implements Callable<Integer> {
  /**
   * The flags whose values a resumed run takes from its checkpoint: the recipe, and the folder
   * itself (which it continues, never replaces).
   */
  private static final List<String> SET_BY_THE_CHECKPOINT =
      List.of(
          "--model",
          "--cell",
          "--embedding-dim",
          "--units",
          "--dense-units",
          "--dropout",
          "--epochs",
          "--batch-size",
          "--max-tokens",
          "--learning-rate",
          "--seed",
          "--validation-steps",
          "--subset",
          "--bucket-by-length",
          "--monitor",
          "--early-stopping-patience",
          "--min-delta",
          "--restore-best-weights",
          "--start-from-epoch",
          "--save-best-only",
          "--reduce-lr-on-plateau",
          "--reduce-lr-factor",
          "--reduce-lr-patience",
          "--reduce-lr-min-lr",
          "--reduce-lr-cooldown",
          "--reduce-lr-min-delta",
          "--checkpoint",
          "--overwrite");

  private static final TrainingRun.Recipe TUTORIAL = TrainingRun.Recipe.tutorial();
  private static final EarlyStopping.Settings EARLY_STOPPING = EarlyStopping.Settings.patience(0);
  private static final ReduceLrOnPlateau.Settings REDUCE_LR = ReduceLrOnPlateau.Settings.defaults();

  /** The flags of the early-stopping settings that are not theirs with dashes. */
  private static final Map<String, String> EARLY_STOPPING_FLAGS =
      Map.of("patience", "--early-stopping-patience");

  private static final Map<String, String> REDUCE_LR_FLAGS =
      Map.of(
          "factor", "--reduce-lr-factor",
          "patience", "--reduce-lr-patience",
          "minLr", "--reduce-lr-min-lr",
          "cooldown", "--reduce-lr-cooldown",
          "minDelta", "--reduce-lr-min-delta");

  @Spec CommandSpec spec;
  @Mixin DataOption data;
  @Mixin ModelOptions model;
  @Mixin DatasetFlags datasetFlags;

  @Option(
      names = "--validation-data",
      paramLabel = "PATH",
      description =
          "texts to validate on after every epoch (all of them, unless --validation-steps), in any"
              + " --data format")
  Path validationData;

  @Option(
      names = "--test-data",
      paramLabel = "PATH",
      description = "texts to evaluate on after training, in any --data format")
  Path testData;

  @Option(names = "--epochs", description = "(default: ${DEFAULT-VALUE})")
  int epochs = TUTORIAL.epochs();

  @Option(names = "--batch-size", description = "(default: ${DEFAULT-VALUE})")
  int batchSize = TUTORIAL.batchSize();

  @Option(names = "--learning-rate", description = "Adam's (default: ${DEFAULT-VALUE})")
  float learningRate = TUTORIAL.learningRate();

  @Option(
      names = "--seed",
      description = "initial weights and shuffling (default: ${DEFAULT-VALUE})")
  long seed = TUTORIAL.seed();

  @Option(
      names = "--validation-steps",
      description =
          "test batches evaluated after each epoch; 0 for all (default: ${DEFAULT-VALUE})")
  int validationSteps = TUTORIAL.validationSteps();

  @Option(
      names = "--subset",
      paramLabel = "N",
      description =
          "use only N random reviews of each split, for a quick run; 0 for all (default: ${DEFAULT-VALUE})")
  int subset = TUTORIAL.subset();

  @Option(
      names = "--bucket-by-length",
      description =
          "batches of reviews of similar length, shuffled between batches: less padding, faster epochs")
  boolean bucketByLength;

  @Option(
      names = "--monitor",
      paramLabel = "METRIC",
      description =
          "what --early-stopping-patience, --save-best-only and --reduce-lr-on-plateau watch: loss,"
              + " accuracy, keras_accuracy, or val_ of one of them; a loss is minimized, an accuracy"
              + " maximized (default: ${DEFAULT-VALUE})")
  String monitor = EARLY_STOPPING.monitor();

  @Option(
      names = "--early-stopping-patience",
      paramLabel = "N",
      description =
          "stop once --monitor has not improved for N epochs (Keras's EarlyStopping); the run says"
              + " on which epoch it stopped and which epoch's weights the model has")
  Integer earlyStoppingPatience;

  @Option(
      names = "--min-delta",
      description =
          "the least change of --monitor that early stopping counts as an improvement (default:"
              + " ${DEFAULT-VALUE})")
  double minDelta = EARLY_STOPPING.minDelta();

  @Option(
      names = "--restore-best-weights",
      description =
          "with --early-stopping-patience: end with the weights of the best epoch, not the last")
  boolean restoreBestWeights;

  @Option(
      names = "--start-from-epoch",
      paramLabel = "N",
      description =
          "with --early-stopping-patience: watch --monitor from epoch N+1 on (default:"
              + " ${DEFAULT-VALUE})")
  int startFromEpoch = EARLY_STOPPING.startFromEpoch();

  @Option(
      names = "--save-best-only",
      description =
          "export the model of the epoch with the best --monitor, not the last (Keras's"
              + " ModelCheckpoint(save_best_only=True)); the history names that epoch, and the"
              + " checkpoint still holds the last")
  boolean saveBestOnly;

  @Option(
      names = "--reduce-lr-on-plateau",
      description =
          "multiply the learning rate by --reduce-lr-factor once --monitor has not improved for"
              + " --reduce-lr-patience epochs (Keras's ReduceLROnPlateau)")
  boolean reduceLrOnPlateau;

  @Option(names = "--reduce-lr-factor", description = "(default: ${DEFAULT-VALUE})")
  double reduceLrFactor = REDUCE_LR.factor();

  @Option(
      names = "--reduce-lr-patience",
      paramLabel = "N",
      description = "(default: ${DEFAULT-VALUE})")
  int reduceLrPatience = REDUCE_LR.patience();

  @Option(
      names = "--reduce-lr-min-lr",
      description = "the rate is never reduced below this (default: ${DEFAULT-VALUE})")
  double reduceLrMinLr = REDUCE_LR.minLr();

  @Option(
      names = "--reduce-lr-cooldown",
      paramLabel = "N",
      description = "epochs after a reduction before the next may come (default: ${DEFAULT-VALUE})")
  int reduceLrCooldown = REDUCE_LR.cooldown();

  @Option(
      names = "--reduce-lr-min-delta",
      description =
          "the least change of --monitor that counts as an improvement (default: ${DEFAULT-VALUE})")
  double reduceLrMinDelta = REDUCE_LR.minDelta();

  @Option(
      names = "--tensorboard",
      paramLabel = "DIR",
      description =
          "write TensorBoard event files into DIR/train and DIR/validation, for tensorboard"
              + " --logdir DIR: each epoch's loss, accuracies and learning rate, and the graph")
  Path tensorboard;

  @Option(
      names = "--update-freq",
      paramLabel = "epoch|batch",
      converter = UpdateFreqConverter.class,
      description =
          "with --tensorboard: the figures after every epoch, or also after every batch (default:"
              + " ${DEFAULT-VALUE})")
  TensorBoard.UpdateFreq updateFreq = TensorBoard.UpdateFreq.EPOCH;

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
      names = "--overwrite",
      description =
          "let this new run replace the checkpoint in --checkpoint DIR (after its first epoch);"
              + " without it a new run refuses a folder that holds a checkpoint, of its own recipe"
              + " or another: continue that run with --resume DIR instead")
  boolean overwrite;

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
      description =
          "history.json, history.csv, accuracy.png, loss.png, learning_rate.png (default:"
              + " ${DEFAULT-VALUE})")
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
    TrainingRun.Recipe recipe;
    if (resume != null) {
      refuseRecipeFlags();
      recipe = CheckpointInput.read(resume).state().recipe();
    } else {
      List<CallbackSettings> callbacks = callbacks();
      recipe =
          Checks.fromFlags(
              spec,
              () ->
                  model
                      .applyTo(TrainingRun.Recipe.builder())
                      .epochs(epochs)
                      .batchSize(batchSize)
                      .seed(seed)
                      .validationSteps(validationSteps)
                      .learningRate(learningRate)
                      .subset(subset)
                      .bucketByLength(bucketByLength)
                      .callbacks(callbacks)
                      .build());
    }
    refuseOrphanFlags();
    TrainingGraph.RunSettings settings =
        Checks.fromFlags(
            spec,
            () -> new TrainingGraph.RunSettings(intraOpThreads, interOpThreads, rnnImplementation));
    if (rnnImplementation == RnnImplementation.FUSED && !recipe.model().cell().hasFusedKernel()) {
      throw new Checks.UsageError(
          "--rnn-impl fused has no kernel for "
              + recipe.model().cell().kerasName()
              + " cells; drop it to train with the loop");
    }
    TextDataset dataset = null;
    long openNanos = 0;
    Optional<TextSource> validation = Optional.empty();
    Optional<TextSource> test = Optional.empty();
    boolean otherSets = validationData != null || testData != null;
    if (otherSets || !datasetFlags.imdbPreset(spec, data.file)) {
      if (data.file == null) {
        throw new Checks.UsageError(
            "--validation-data and --test-data go with --data PATH of the training texts");
      }
      long opening = System.nanoTime();
      dataset = datasetFlags.open(spec, data.file, recipe.seed());
      openNanos = System.nanoTime() - opening;
      validation =
          datasetFlags.extra(
              spec, "--validation-data", validationData, dataset.classNames(), recipe.seed());
      test = datasetFlags.extra(spec, "--test-data", testData, dataset.classNames(), recipe.seed());
      recipe = recipeFor(recipe, dataset);
    }
    Sets sets = new Sets(dataset, openNanos, validation, test);
    Map<String, Path> outputs = new LinkedHashMap<>();
    outputs.put("--out", out);
    outputs.put("--graphs", graphs);
    outputs.put(checkpointFlag(), checkpointFolder());
    if (tensorboard != null) {
      outputs.put("--tensorboard", tensorboard);
    }
    Checks.separate(outputs, data.file);
    Checks.output(checkpointFlag(), checkpointFolder(), Checkpoint::checkTarget);
    Checks.output("--out", out, SavedModelExporter::checkTarget);
    Checks.folderOrAbsent("--graphs", graphs);
    Checks.output("--out", out, OutputLocation::checkWritable);
    Checks.output("--graphs", graphs, OutputLocation::checkWritableInside);
    Checks.output(checkpointFlag(), checkpointFolder(), OutputLocation::checkWritable);
    if (tensorboard != null) {
      Checks.folderOrAbsent("--tensorboard", tensorboard);
      Checks.output("--tensorboard", tensorboard, OutputLocation::checkWritableInside);
    }
    try (OutputLocks locks = OutputLocks.acquire(outputs)) {
      if (resume == null) {
        refuseExistingCheckpoint(recipe);
      }
      train(recipe, settings, sets);
    }
    return 0;
  }

  /**
   * A new run takes the dataset's classes, and validates on all of a validation set unless
   * --validation-steps says otherwise; a resumed run must read the classes it was trained on.
   */
  private TrainingRun.Recipe recipeFor(TrainingRun.Recipe recipe, TextDataset dataset) {
    if (resume != null) {
      if (!recipe.model().classNames().equals(dataset.classNames())) {
        throw new Checks.UsageError(
            "--data "
                + data.file
                + " has the classes "
                + dataset.classNames()
                + " but the run in "
                + resume
                + " trains on "
                + recipe.model().classNames()
                + "; resume it on its own data (with the same --class-names)");
      }
      return recipe;
    }
    TrainingRun.Recipe own = recipe.withClassNames(dataset.classNames());
    boolean validationSet = dataset.validation().isPresent() || validationData != null;
    return validationSet
            && !spec.commandLine().getParseResult().hasMatchedOption("--validation-steps")
        ? own.withValidationSteps(0)
        : own;
  }

  /**
   * Texts other than the IMDB archive: the dataset of --data (checked in {@code openNanos}: a file
   * is read through once), and the extra sets.
   */
  private record Sets(
      TextDataset dataset,
      long openNanos,
      Optional<TextSource> validation,
      Optional<TextSource> test) {}

  private TrainingRun.Result run(
      TrainingRun.Recipe recipe,
      TrainingRun.Setup setup,
      Sets sets,
      TrainingListener progress,
      StopRequest stop)
      throws IOException {
    TextDataset dataset = sets.dataset();
    if (dataset == null) {
      return resume != null
          ? TrainingRun.resume(setup, System.out, progress, stop)
          : TrainingRun.run(recipe, setup, System.out, progress, stop);
    }
    List<String> classes = dataset.classNames();
    Training.Data texts = TrainingRun.data(dataset, sets.validation(), sets.test());
    double seconds = sets.openNanos() / 1e9;
    String rate =
        Files.isRegularFile(data.file)
            ? String.format(
                Locale.ROOT,
                "%.1f MB in %.1fs, %.0f MB/s",
                Files.size(data.file) / 1e6,
                seconds,
                Files.size(data.file) / 1e6 / seconds)
            : String.format(Locale.ROOT, "%.1fs", seconds);
    System.out.printf(
        Locale.ROOT,
        "Read %s (%s): %,d training, %,d validation and %,d test texts of %d classes %s%n",
        data.file,
        rate,
        texts.train().size(),
        texts.validation() == null ? 0 : texts.validation().size(),
        texts.test() == null ? 0 : texts.test().size(),
        classes.size(),
        classes);
    return Training.fit(
        recipe,
        texts,
        setup.settings(),
        setup.checkpoint(),
        resume != null ? Checkpoint.readState(resume) : null,
        System.out,
        progress,
        stop);
  }

  /**
   * The callbacks of the flags, in the order they act: a best model's weights come last, so that
   * they are the ones exported.
   */
  private List<CallbackSettings> callbacks() {
    List<CallbackSettings> callbacks = new ArrayList<>();
    if (earlyStoppingPatience != null) {
      callbacks.add(
          Checks.fromFlags(
              spec,
              EARLY_STOPPING_FLAGS,
              () ->
                  new EarlyStopping.Settings(
                      monitor,
                      earlyStoppingPatience,
                      minDelta,
                      restoreBestWeights,
                      startFromEpoch)));
    }
    if (reduceLrOnPlateau) {
      callbacks.add(
          Checks.fromFlags(
              spec,
              REDUCE_LR_FLAGS,
              () ->
                  new ReduceLrOnPlateau.Settings(
                      monitor,
                      reduceLrFactor,
                      reduceLrPatience,
                      reduceLrMinLr,
                      reduceLrCooldown,
                      reduceLrMinDelta)));
    }
    if (saveBestOnly) {
      callbacks.add(Checks.fromFlags(spec, () -> new BestModel.Settings(monitor)));
    }
    return callbacks;
  }

  /** A flag that only sets another's behaviour, without that other flag, would do nothing. */
  private void refuseOrphanFlags() {
    Map<String, List<String>> needs = new LinkedHashMap<>();
    needs.put(
        "--monitor",
        List.of("--early-stopping-patience", "--save-best-only", "--reduce-lr-on-plateau"));
    for (String flag : List.of("--min-delta", "--restore-best-weights", "--start-from-epoch")) {
      needs.put(flag, List.of("--early-stopping-patience"));
    }
    for (String flag :
        List.of(
            "--reduce-lr-factor",
            "--reduce-lr-patience",
            "--reduce-lr-min-lr",
            "--reduce-lr-cooldown",
            "--reduce-lr-min-delta")) {
      needs.put(flag, List.of("--reduce-lr-on-plateau"));
    }
    needs.put("--update-freq", List.of("--tensorboard"));
    var parsed = spec.commandLine().getParseResult();
    needs.forEach(
        (flag, any) -> {
          if (parsed.hasMatchedOption(flag) && any.stream().noneMatch(parsed::hasMatchedOption)) {
            throw new Checks.UsageError(
                flag
                    + " goes with "
                    + String.join(" or ", any)
                    + "; add "
                    + (any.size() == 1 ? "it" : "one")
                    + ", or drop "
                    + flag);
          }
        });
  }

  private void train(TrainingRun.Recipe recipe, TrainingGraph.RunSettings settings, Sets sets)
      throws IOException {
    TrainingListener shown =
        System.console() != null ? new TerminalProgress(System.out) : new PlainProgress(System.out);
    TrainingListener progress =
        tensorboard == null
            ? shown
            : TrainingListener.all(List.of(shown, new TensorBoard(tensorboard, updateFreq)));
    TrainingRun.Setup setup = new TrainingRun.Setup(data.file, checkpointFolder(), settings);
    StopRequest stop = new StopRequest();
    // A signal after the last step lets the run finish its few seconds of writing.
    try (StopOnSignals signals = StopOnSignals.install(stop)) {
      TrainingRun.Result result;
      try {
        result = run(recipe, setup, sets, progress, stop);
      } catch (Trainer.DivergedException e) {
        throw new Checks.UsageError(
            e.getMessage()
                + "; lower --learning-rate (now "
                + learningRate(recipe)
                + "); "
                + lastCheckpoint(recipe)
                    .map(
                        state ->
                            "the last good checkpoint is "
                                + checkpointFolder()
                                + " (epoch "
                                + state.epoch()
                                + ")")
                    .orElse("no epoch ended, so this run has no checkpoint"));
      } catch (StopRequest.StoppedException e) {
        throw signals.stopped(
            lastCheckpoint(recipe)
                .map(
                    state ->
                        "the last complete epoch ("
                            + state.epoch()
                            + " of "
                            + recipe.epochs()
                            + ") is in "
                            + checkpointFolder()
                            + "; continue with: "
                            + continuation())
                .orElse("no epoch completed, nothing saved"));
      } catch (OutputWriteException e) {
        throw new IOException(
            checkpointFlag()
                + " "
                + e.getMessage()
                + "; the run stopped, and the folder is as it was",
            e);
      }
      // The SavedModel first: the weights matter more than their history.
      try {
        ExportCommand.export(
            result.model(), result.weights(), result.vectorizer(), out, "; lower --learning-rate");
      } catch (IOException e) {
        throw new IOException(
            e.getMessage()
                + "; the checkpoint "
                + checkpointFolder()
                + " holds the trained weights: export --checkpoint "
                + checkpointFolder()
                + " --out DIR recovers them",
            e);
      }
      System.out.println("SavedModel: " + out);
      try {
        result.history().write(graphs);
      } catch (OutputWriteException e) {
        throw new IOException("--graphs " + e.getMessage() + "; the SavedModel is in " + out, e);
      }
      System.out.println("History and plots: " + graphs);
    }
  }

  static final class RnnImplementationConverter extends LowerCaseEnumConverter<RnnImplementation> {
    RnnImplementationConverter() {
      super(RnnImplementation.class);
    }
  }

  static final class UpdateFreqConverter extends LowerCaseEnumConverter<TensorBoard.UpdateFreq> {
    UpdateFreqConverter() {
      super(TensorBoard.UpdateFreq.class);
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

  /**
   * A new run replaces its checkpoint folder after its first epoch: a folder that holds another
   * run's checkpoint, of this recipe or not, is replaced only with --overwrite.
   */
  private void refuseExistingCheckpoint(TrainingRun.Recipe recipe) {
    if (overwrite || !Checkpoint.exists(checkpoint)) {
      return;
    }
    String held = "a checkpoint";
    try {
      Checkpoint.State state = Checkpoint.readState(checkpoint);
      String progress = " (epoch " + state.epoch() + " of " + state.recipe().epochs() + ")";
      if (state.recipe().equals(recipe)) {
        throw new Checks.UsageError(
            "--checkpoint "
                + checkpoint
                + " holds a run of this recipe"
                + progress
                + "; pass --resume "
                + checkpoint
                + " to continue it, or --overwrite to start it again");
      }
      held = "a run of another recipe" + progress;
    } catch (IOException | CheckpointException e) {
      // a damaged checkpoint: --resume says what is wrong with it
    }
    throw new Checks.UsageError(
        "--checkpoint "
            + checkpoint
            + " holds "
            + held
            + "; pass --overwrite to replace it with this run, or --resume "
            + checkpoint
            + " if continuing that run was meant");
  }

  /** The run's last checkpoint, if one of its epochs ended (or it was resumed). */
  private Optional<Checkpoint.State> lastCheckpoint(TrainingRun.Recipe recipe) {
    try {
      Checkpoint.State state = Checkpoint.readState(checkpointFolder());
      if (state.recipe().equals(recipe)) {
        return Optional.of(state);
      }
    } catch (IOException | CheckpointException e) {
      // no checkpoint of this run
    }
    return Optional.empty();
  }

  /** As it was typed (1e9), else as the checkpoint or the default has it. */
  private String learningRate(TrainingRun.Recipe recipe) {
    OptionSpec flag = spec.commandLine().getParseResult().matchedOption("--learning-rate");
    return flag != null
        ? flag.originalStringValues().get(0)
        : Setting.format(recipe.learningRate());
  }

  /**
   * The command line that resumes this run: its launcher (tools/textrnn sets it), --resume, and
   * every flag given that the checkpoint does not store.
   */
  private String continuation() {
    List<String> words =
        new ArrayList<>(
            List.of(
                System.getProperty("textrnn.launcher", "textrnn"),
                "train",
                "--resume",
                checkpointFolder().toString()));
    for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
      String flag = option.longestName();
      if (SET_BY_THE_CHECKPOINT.contains(flag) || flag.equals("--resume")) {
        continue;
      }
      if (option.arity().max() == 0) {
        if (Boolean.TRUE.equals(option.getValue())) {
          words.add(flag);
        }
      } else {
        for (String value : option.originalStringValues()) {
          words.add(flag);
          words.add(value);
        }
      }
    }
    return words.stream().map(TrainCommand::shellWord).collect(Collectors.joining(" "));
  }

  /** A word as a POSIX shell reads it back: quoted unless it is plain. */
  private static String shellWord(String word) {
    return word.matches("[A-Za-z0-9_@%+=:,./-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
