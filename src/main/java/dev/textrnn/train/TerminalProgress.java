package dev.textrnn.train;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Keras-like progress on a terminal: a redrawn bar per epoch with ETA, ms/step, loss, accuracy. */
public final class TerminalProgress implements TrainingListener {
  private final PrintStream out;
  private ProgressBar bar;
  private int steps;
  private int done;

  public TerminalProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void epochStarted(int epoch, int epochs, int steps) {
    this.steps = steps;
    out.printf("Epoch %d/%d%n", epoch, epochs);
    bar =
        new ProgressBarBuilder()
            .setInitialMax(steps)
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new ConsoleProgressBarConsumer(out))
            .setUpdateIntervalMillis(250)
            .continuousUpdate()
            .build();
  }

  @Override
  public void batchFinished(int step, Metrics running, long elapsedNanos) {
    done = step;
    bar.stepTo(step);
    bar.setExtraMessage(
        String.format(
            Locale.ROOT,
            "%.0fms/step - loss: %.4f - accuracy: %.4f",
            elapsedNanos / 1e6 / step,
            running.loss(),
            running.accuracy()));
  }

  @Override
  public void epochFinished(EpochRecord record) {
    bar.close();
    out.println(Progress.summary(done, steps, record));
  }

  /** Ends the bar's line, so that what follows starts on its own. */
  @Override
  public void epochAbandoned() {
    bar.close();
  }
}
