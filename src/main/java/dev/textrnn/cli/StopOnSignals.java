package dev.textrnn.cli;

import dev.textrnn.train.StopRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT (Ctrl-C) and SIGTERM (kill) during a run: the first one asks the run to stop at its next
 * safe point and puts the JVM's own handlers back, so that a second one ends the JVM at once, as
 * either would without this. A JVM shutdown hook could not do it: it cannot tell the signals apart,
 * and once it returns the JVM exits, whether or not a training step is still running.
 */
final class StopOnSignals implements AutoCloseable {
  private static final List<String> SIGNALS = List.of("INT", "TERM");

  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
  private volatile Signal received;

  private StopOnSignals() {}

  /**
   * Handles both signals until {@link #close}; a signal that was ignored when the JVM started (as
   * SIGINT is for a background job of a shell without job control) stays ignored.
   */
  static StopOnSignals install(StopRequest stop) {
    return install(stop::request);
  }

  /** As {@link #install(StopRequest)}, running {@code onSignal} (briefly) on the first signal. */
  static StopOnSignals install(Runnable onSignal) {
    StopOnSignals signals = new StopOnSignals();
    for (String name : SIGNALS) {
      Signal signal = new Signal(name);
      try {
        signals.previous.put(
            signal,
            Signal.handle(
                signal,
                s -> {
                  signals.received = s;
                  signals.close();
                  onSignal.run();
                }));
      } catch (IllegalArgumentException e) {
        // The JVM keeps the signal for itself (-Xrs): its default stays.
      }
    }
    return signals;
  }

  /** The run stopped on the signal that this received: one line, and the shell's exit code. */
  Stopped stopped(String what) {
    return new Stopped(
        "stopped by SIG" + received.getName() + "; " + what, 128 + received.getNumber());
  }

  @Override
  public synchronized void close() {
    previous.forEach(Signal::handle);
    previous.clear();
  }

  /** A run stopped by a signal; exits with 128 + the signal's number, as a shell reports it. */
  static final class Stopped extends RuntimeException {
    private final int exitCode;

    Stopped(String message, int exitCode) {
      super(message);
      this.exitCode = exitCode;
    }

    int exitCode() {
      return exitCode;
    }
  }
}
