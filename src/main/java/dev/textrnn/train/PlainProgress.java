package dev.textrnn.train;

import java.io.PrintStream;

/**
 * Keras-like progress for logs and pipes: a line every tenth of an epoch and one at its end, never
 * a redrawn bar.
 */
public final class PlainProgress implements TrainingListener {
  private final PrintStream out;
  private int steps;
  private int done;
  private int nextReport;

  public PlainProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void epochStarted(int epoch, int epochs, int steps) {
    this.steps = steps;
    this.nextReport = Math.max(1, steps / 10);
    out.printf("Epoch %d/%d%n", epoch, epochs);
    out.flush();
  }

  @Override
  public void batchFinished(int step, Metrics running, long elapsedNanos) {
    done = step;
    if (step >= nextReport && step < steps) {
      out.println(Progress.line(step, steps, running, elapsedNanos));
      out.flush();
      nextReport += Math.max(1, steps / 10);
    }
  }

  @Override
  public void epochFinished(EpochRecord record) {
    out.println(Progress.summary(done, steps, record));
    out.flush();
  }
}
