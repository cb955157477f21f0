package dev.textrnn.train;

import dev.textrnn.data.Batch;
import dev.textrnn.data.Batches;
import dev.textrnn.data.Example;
import dev.textrnn.data.Prefetcher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras's {@code fit}: epochs over shuffled batches, one Adam step per batch, and at the end of
 * each epoch a validation on the same first batches of the validation set. Every epoch's batches
 * and dropout masks follow from the seed and the epoch alone, so a run resumed after an epoch
 * repeats an uninterrupted one.
 */
public final class Trainer {
  private static final int PREFETCHED_BATCHES = 8;

  /**
   * A batch's mean loss above this stops training as a NaN does. The loss is binary cross-entropy
   * on logits: about 0.69 for a fresh model, and at most |logit| + log 2 for one review, so a mean
   * of 1,000 means logits of about ±1,000 on the wrong side, far past the ±17 where float32's
   * sigmoid is already 0 or 1. A run that learns never comes near it (the tutorial's recipe, in
   * graphs/history.json: epoch means from 0.63 down to 0.30); one whose learning rate is far too
   * high gets there within a few steps, its weights useless (--learning-rate 1e9 exported a model
   * of test loss 1.4e19).
   */
  static final double EXPLODED_LOSS = 1e3;

  private final TrainingGraph graph;
  private final FitModel model;
  private final Options options;
  private final TrainingListener listener;
  private final StopRequest stop;

  /**
   * @param validationSteps how many batches of the validation set to evaluate each epoch (the
   *     tutorial: 30); 0 for all of them
   * @param bucketByLength batches of reviews of similar length ({@link Batches#bucketedByLength})
   *     instead of the tutorial's shuffled batches
   */
  public record Options(
      int epochs,
      int batchSize,
      long seed,
      int validationSteps,
      float dropout,
      boolean bucketByLength) {}

  /** Runs after every epoch with the history so far (for example to write a checkpoint). */
  @FunctionalInterface
  public interface EpochEnd {
    void accept(List<EpochRecord> history) throws IOException;
  }

  public Trainer(
      TrainingGraph graph, Options options, TrainingListener listener, StopRequest stop) {
    this.graph = graph;
    this.model = new FitModel(graph);
    this.options = options;
    this.listener = listener;
    this.stop = stop;
  }

  /** The model as the listeners see it, with the weights that they keep. */
  public FitModel model() {
    return model;
  }

  /**
   * Trains the epochs after those of {@code done} (empty for a new run) up to {@link
   * Options#epochs()}, or until the listener requests a stop ({@link
   * TrainingListener#stopRequested}); returns the whole history. A resumed run's listeners first
   * see the epochs done ({@link TrainingListener#resumed}), and one that stopped then stays
   * stopped: a run that stopped early resumes to its end at once.
   *
   * @throws DivergedException when the loss stops being finite or explodes ({@link
   *     #EXPLODED_LOSS}); the weights are then unusable
   * @throws StopRequest.StoppedException when a stop was requested, before the next step; the
   *     epochs that ended are in {@code epochEnd}'s last history
   */
  public List<EpochRecord> fit(
      List<Example> train, List<Example> validation, List<EpochRecord> done, EpochEnd epochEnd)
      throws IOException {
    List<Batch> validationBatches =
        firstBatches(validation, options.batchSize(), options.validationSteps());
    int steps = (train.size() + options.batchSize() - 1) / options.batchSize();
    List<EpochRecord> history = new ArrayList<>(done);
    listener.setModel(model);
    listener.runStarted();
    if (!done.isEmpty()) {
      listener.resumed(List.copyOf(done));
      model.dropUnkept();
    }
    for (int epoch = done.size() + 1;
        epoch <= options.epochs() && !(epoch > 1 && listener.stopRequested());
        epoch++) {
      listener.epochStarted(epoch, options.epochs(), steps);
      long start = System.nanoTime();
      Metrics running = new Metrics();
      Iterable<Batch> epochBatches =
          options.bucketByLength()
              ? Batches.bucketedByLength(
                  train, options.batchSize(), Batches.SHUFFLE_BUFFER, options.seed(), epoch)
              : Batches.shuffled(
                  train, options.batchSize(), Batches.SHUFFLE_BUFFER, options.seed(), epoch);
      Metrics validationMetrics;
      try {
        try (Prefetcher<Batch> batches =
            Batches.prefetched(epochBatches.iterator(), PREFETCHED_BATCHES)) {
          int step = 0;
          while (batches.hasNext()) {
            step++;
            stop.stopIfRequested();
            listener.batchStarted(step);
            StepResult result =
                graph.train(batches.next(), options.dropout(), (long) (epoch - 1) * steps + step);
            if (!Double.isFinite(result.loss()) || result.loss() > EXPLODED_LOSS) {
              throw new DivergedException(epoch, step, result.loss());
            }
            running.add(result);
            listener.batchFinished(step, running, System.nanoTime() - start);
            if (listener.stopRequested()) {
              break;
            }
          }
        }
        validationMetrics = evaluate(validationBatches);
      } catch (RuntimeException e) {
        listener.epochAbandoned();
        throw e;
      }
      EpochRecord record =
          EpochRecord.of(
              epoch,
              running,
              validationMetrics,
              graph.learningRate(),
              (System.nanoTime() - start) / 1e9);
      history.add(record);
      listener.epochFinished(record);
      epochEnd.accept(List.copyOf(history));
    }
    listener.runFinished(List.copyOf(history));
    return history;
  }

  /**
   * Loss and accuracies over batches, without training.
   *
   * @throws StopRequest.StoppedException when a stop was requested, before the next batch
   */
  public Metrics evaluate(Iterable<Batch> batches) {
    Metrics metrics = new Metrics();
    for (Batch batch : batches) {
      stop.stopIfRequested();
      metrics.add(graph.evaluate(batch));
    }
    return metrics;
  }

  /** The first {@code count} in-order batches (all of them when count is 0). */
  public static List<Batch> firstBatches(List<Example> examples, int batchSize, int count) {
    List<Batch> batches = new ArrayList<>();
    for (Batch batch : Batches.inOrder(examples, batchSize)) {
      if (count > 0 && batches.size() == count) {
        break;
      }
      batches.add(batch);
    }
    return batches;
  }

  /** The loss became NaN or infinite, or exploded past {@link #EXPLODED_LOSS}. */
  public static final class DivergedException extends RuntimeException {
    DivergedException(int epoch, int step, double loss) {
      super(
          (Double.isFinite(loss)
                  ? "the loss exploded to "
                      + loss
                      + " (past "
                      + (long) EXPLODED_LOSS
                      + ", which no run that learns reaches)"
                  : "the loss became " + loss)
              + " at epoch "
              + epoch
              + ", step "
              + step
              + "; training stopped");
    }
  }
}
