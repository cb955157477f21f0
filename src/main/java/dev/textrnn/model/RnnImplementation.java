package dev.textrnn.model;

/** How a training pass computes its bidirectional layers. Both give Keras's results. */
public enum RnnImplementation {
  /**
   * While loops that compute only the rows that still have tokens, with a hand-written backward
   * loop ({@link BidirectionalRnn}). The default, and the only one for GRU cells.
   */
  LOOP,
  /**
   * TensorFlow's fused kernels, {@code BlockLSTMV2} and {@code BlockLSTMGradV2}, one op per
   * direction ({@link FusedLstmPass}). They run every row to the batch's longest, so they pay for
   * the padding; LSTM only.
   */
  FUSED
}
