package dev.textrnn.model;

/** The recurrent cell of every bidirectional layer. */
public enum CellType {
  /** Keras {@code LSTM}: gates i, f, c, o; unit forget bias. */
  LSTM,
  /** Keras {@code GRU} with its defaults: gates z, r, h; {@code reset_after=True}. */
  GRU
}
