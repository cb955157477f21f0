package dev.textrnn.train;

import java.util.Map;
import java.util.Optional;

/** A listener that acts on the run as a Keras callback does, and says afterwards what it did. */
public interface Callback extends TrainingListener {

  /** What it did, for history.json (Keras's attribute names: stopped_epoch, best_epoch…). */
  Map<String, Object> outcome();

  /** What it did, in one line for the run's log; empty if it did nothing worth saying. */
  Optional<String> report();
}
