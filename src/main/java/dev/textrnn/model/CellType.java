package dev.textrnn.model;

import org.tensorflow.types.family.TFloating;

/**
 * The recurrent cell of every bidirectional layer. A new cell is a {@link RecurrentCell} and a
 * constant here; the layers take its Keras name and whether it has a fused kernel from the cell.
 */
public enum CellType {
  /** Keras {@code LSTM}: gates i, f, c, o; unit forget bias. */
  LSTM {
    @Override
    public <T extends TFloating> RecurrentCell<T> create(int units) {
      return new LstmCell<>(units);
    }
  },
  /** Keras {@code GRU} with its defaults: gates z, r, h; {@code reset_after=True}. */
  GRU {
    @Override
    public <T extends TFloating> RecurrentCell<T> create(int units) {
      return new GruCell<>(units);
    }
  };

  public abstract <T extends TFloating> RecurrentCell<T> create(int units);

  /** Whether {@code --rnn-impl fused} can compute this cell (see {@link FusedLstmPass}). */
  public boolean hasFusedKernel() {
    return create(1).hasFusedKernel();
  }

  /** Keras's name of the cell's layer class in lower case, as in {@code forward_lstm}. */
  public String kerasName() {
    return create(1).kerasName();
  }
}
