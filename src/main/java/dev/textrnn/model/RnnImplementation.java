package dev.textrnn.model;

/** How a pass computes its bidirectional layers. Both give Keras's results. */
public enum RnnImplementation {
  /**
   * While loops that compute only the rows that still have tokens, with a hand-written backward
   * loop ({@link BidirectionalRnn}). The default for training, and the only one for GRU cells.
   */
  LOOP,
  /**
   * TensorFlow's fused kernels, {@code BlockLSTMV2} and {@code BlockLSTMGradV2}, one op per
   * direction and row group ({@link FusedLstmPass}). A kernel runs all its rows for the same number
   * of steps, so the length-sorted batch is cut into groups of rows, each run as long as its
   * longest row; LSTM only.
   */
  FUSED
}
