package dev.textrnn.cli;

import dev.textrnn.serving.SavedModelExporter;
import dev.textrnn.train.PlainProgress;
import dev.textrnn.train.TerminalProgress;
import dev.textrnn.train.Trainer;
import dev.textrnn.train.TrainingGraph;
import dev.textrnn.train.TrainingListener;
import dev.textrnn.train.TrainingRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train the tutorial's model on IMDB and export it as a SavedModel.",
        "Defaults are the tutorial's recipe: 10 epochs, batches of 64 from a 10,000-review shuffle buffer, "
            + "Adam 1e-4, validation on the first 30 test batches after each epoch."})
final class TrainCommand implements Callable<Integer> {
  @Mixin DataOption data;
  @Mixin ModelOptions model;

  @Option(names = "--epochs", defaultValue = "10", description = "(default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "64", description = "(default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--max-tokens", defaultValue = "1000", description = "vocabulary size (default: ${DEFAULT-VALUE})")
  int maxTokens;

  @Option(names = "--learning-rate", defaultValue = "1e-4", description = "Adam's (default: ${DEFAULT-VALUE})")
  float learningRate;

  @Option(names = "--seed", defaultValue = "42", description = "initial weights and shuffling (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--validation-steps", defaultValue = "30",
      description = "test batches evaluated after each epoch; 0 for all (default: ${DEFAULT-VALUE})")
  int validationSteps;

  @Option(names = "--subset", defaultValue = "0", paramLabel = "N",
      description = "use only N random reviews of each split, for a quick run; 0 for all (default: ${DEFAULT-VALUE})")
  int subset;

  @Option(names = "--bucket-by-length",
      description = "batches of reviews of similar length, shuffled between batches: less padding, faster epochs")
  boolean bucketByLength;

  @Option(names = "--out", defaultValue = "savedmodel", paramLabel = "DIR",
      description = "where the SavedModel goes, replaced only by a complete one (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--checkpoint", defaultValue = "checkpoint", paramLabel = "DIR",
      description = "written after every epoch: weights, optimizer state, vocabulary, history (default: ${DEFAULT-VALUE})")
  Path checkpoint;

  @Option(names = "--resume", paramLabel = "DIR",
      description = "continue the run checkpointed in DIR (its recipe; the flags that set one are ignored)")
  Path resume;

  @Option(names = "--graphs", defaultValue = "graphs", paramLabel = "DIR",
      description = "history.json, history.csv, accuracy.png, loss.png (default: ${DEFAULT-VALUE})")
  Path graphs;

  @Option(names = "--intra-op-threads", defaultValue = "0",
      description = "TensorFlow threads inside one op; 0 lets TensorFlow choose (default: ${DEFAULT-VALUE})")
  int intraOpThreads;

  @Option(names = "--inter-op-threads", defaultValue = "0",
      description = "TensorFlow threads running ops side by side; 0 lets TensorFlow choose (default: ${DEFAULT-VALUE})")
  int interOpThreads;

  @Override
  public Integer call() throws Exception {
    Checks.positive("--epochs", epochs);
    Checks.positive("--batch-size", batchSize);
    Checks.atLeast("--max-tokens", maxTokens, 3);
    Checks.positive("--learning-rate", learningRate);
    Checks.atLeast("--validation-steps", validationSteps, 0);
    Checks.atLeast("--subset", subset, 0);
    Checks.atLeast("--intra-op-threads", intraOpThreads, 0);
    Checks.atLeast("--inter-op-threads", interOpThreads, 0);
    TrainingListener progress = System.console() != null
        ? new TerminalProgress(System.out) : new PlainProgress(System.out);
    TrainingRun.Setup setup = new TrainingRun.Setup(data.file, resume != null ? resume : checkpoint,
        new TrainingGraph.SessionSettings(intraOpThreads, interOpThreads));
    TrainingRun.Result result;
    try {
      result = resume != null
          ? TrainingRun.resume(setup, System.out, progress)
          : TrainingRun.run(new TrainingRun.Recipe(model.config(maxTokens), maxTokens, epochs, batchSize, seed,
              validationSteps, learningRate, subset, bucketByLength), setup, System.out, progress);
    } catch (Trainer.DivergedException e) {
      System.err.println("train: " + e.getMessage() + "; the last good checkpoint is " + setup.checkpoint());
      return TextRnnCli.USAGE_OR_INPUT_ERROR;
    }
    result.history().write(graphs);
    System.out.println("History and plots: " + graphs);
    SavedModelExporter.export(result.model(), result.weights(), result.vectorizer(), out);
    System.out.println("SavedModel: " + out);
    return 0;
  }
}
