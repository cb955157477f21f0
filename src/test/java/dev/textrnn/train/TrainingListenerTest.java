package dev.textrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.textrnn.data.Example;
import dev.textrnn.model.Architecture;
import dev.textrnn.model.CellType;
import dev.textrnn.model.ModelConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A listener sees the run, each epoch and each batch begin and end, in Keras's order, and stops
 * training as a Keras callback does by setting {@code model.stop_training}: in the middle of an
 * epoch, which then ends there (validated, recorded and checkpointed), or after one.
 */
class TrainingListenerTest {
  /** 10 examples in batches of 4: 3 steps an epoch. */
  private static final List<Example> EXAMPLES = examples();

  @Test
  void aListenerWithNoMethodsOfItsOwnTrainsEveryEpoch() throws IOException {
    List<List<EpochRecord>> epochEnds = new ArrayList<>();

    List<EpochRecord> history = fit(new TrainingListener() {}, epochEnds);

    assertEquals(3, history.size());
    assertEquals(3, epochEnds.size());
  }

  @Test
  void aStopDuringAnEpochEndsItThereAndEndsTheRun() throws IOException {
    Recorder recorder = new Recorder(2, 0);
    List<List<EpochRecord>> epochEnds = new ArrayList<>();

    List<EpochRecord> history = fit(recorder, epochEnds);

    assertEquals(
        List.of(
            "runStarted",
            "epochStarted 1/3, 3 steps",
            "batchStarted 1",
            "batchFinished 1, 4 samples",
            "batchStarted 2",
            "batchFinished 2, 8 samples",
            "epochFinished 1",
            "runFinished [1]"),
        recorder.events);
    assertEquals(1, history.size());
    assertEquals(List.of(history), epochEnds, "the stopped epoch is checkpointed");
    assertEquals(history.get(0).loss(), recorder.lastRunning.loss(), "the batches done");
    assertEquals(false, Double.isNaN(history.get(0).valLoss()), "and validated");
  }

  @Test
  void aStopAtAnEpochsEndEndsTheRunAfterIt() throws IOException {
    Recorder recorder = new Recorder(0, 2);

    List<EpochRecord> history = fit(recorder, new ArrayList<>());

    assertEquals(2, history.size());
    assertEquals("runFinished [1, 2]", recorder.events.get(recorder.events.size() - 1));
    assertEquals(6, recorder.events.stream().filter(e -> e.startsWith("batchFinished")).count());
  }

  @Test
  void allTheListenersHearEverythingAndAnyOfThemStops() throws IOException {
    Recorder first = new Recorder(0, 0);
    Recorder stopper = new Recorder(0, 1);

    List<EpochRecord> history =
        fit(TrainingListener.all(List.of(first, stopper)), new ArrayList<>());

    assertEquals(1, history.size());
    assertEquals(stopper.events, first.events);
  }

  private static List<EpochRecord> fit(TrainingListener listener, List<List<EpochRecord>> epochEnds)
      throws IOException {
    try (TrainingGraph graph =
        new TrainingGraph(
            ModelConfig.of(Architecture.DEFAULT, CellType.LSTM, 20),
            1e-3f,
            1,
            TrainingGraph.RunSettings.defaults())) {
      return new Trainer(
              graph, new Trainer.Options(3, 4, 1, 0, 0f, false), listener, new StopRequest())
          .fit(EXAMPLES, EXAMPLES, List.of(), epochEnds::add);
    }
  }

  /** Writes down what it hears; requests a stop after a batch of epoch 1, or after an epoch. */
  private static final class Recorder implements TrainingListener {
    private final int stopAfterBatch;
    private final int stopAfterEpoch;
    private final List<String> events = new ArrayList<>();
    private int epoch;
    private boolean stop;
    private Metrics lastRunning;

    Recorder(int stopAfterBatch, int stopAfterEpoch) {
      this.stopAfterBatch = stopAfterBatch;
      this.stopAfterEpoch = stopAfterEpoch;
    }

    @Override
    public void runStarted() {
      events.add("runStarted");
    }

    @Override
    public void epochStarted(int epoch, int epochs, int steps) {
      this.epoch = epoch;
      events.add("epochStarted " + epoch + "/" + epochs + ", " + steps + " steps");
    }

    @Override
    public void batchStarted(int step) {
      events.add("batchStarted " + step);
    }

    @Override
    public void batchFinished(int step, Metrics running, long elapsedNanos) {
      events.add("batchFinished " + step + ", " + running.samples() + " samples");
      lastRunning = running;
      stop |= epoch == 1 && step == stopAfterBatch;
    }

    @Override
    public void epochFinished(EpochRecord record) {
      events.add("epochFinished " + record.epoch());
      stop |= record.epoch() == stopAfterEpoch;
    }

    @Override
    public void runFinished(List<EpochRecord> history) {
      events.add("runFinished " + history.stream().map(EpochRecord::epoch).toList());
    }

    @Override
    public boolean stopRequested() {
      return stop;
    }
  }

  private static List<Example> examples() {
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      examples.add(new Example(new int[] {1 + i, 2, 3}, i % 2));
    }
    return examples;
  }
}
