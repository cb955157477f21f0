package dev.textrnn.model;

import org.tensorflow.types.family.TFloating;

/**
 * What every layer of one forward pass shares: where the batch's tokens are, whether the pass
 * trains (dropout on, records kept for the way back), and how the recurrences are computed.
 *
 * @param dropout the training pass's dropout, or null for an inference pass
 */
record PassContext<T extends TFloating>(
    TimeLayout layout, Dropout.Training<T> dropout, RnnImplementation rnn) {

  boolean training() {
    return dropout != null;
  }
}
