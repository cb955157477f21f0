package dev.textrnn.text;

import java.util.Arrays;
import java.util.Objects;

/**
 * Token ids of a batch of texts as Keras {@code TextVectorization} returns them: one row per text,
 * right-padded with 0 to the longest row, or padded or truncated to the output sequence length. The
 * accessors copy, so a batch never changes.
 */
public final class EncodedBatch {
  private final int rows;
  private final int columns;
  private final int[] ids;
  private final int[] lengths;

  EncodedBatch(int rows, int columns, int[] ids, int[] lengths) {
    this.rows = rows;
    this.columns = columns;
    this.ids = ids;
    this.lengths = lengths;
  }

  /** The number of texts. */
  public int rows() {
    return rows;
  }

  /** The length of every row. */
  public int columns() {
    return columns;
  }

  /** The id at {@code (row, column)}; 0 is padding. */
  public int id(int row, int column) {
    return ids[index(row, column)];
  }

  /** The number of token ids in a row before its padding. */
  public int length(int row) {
    return lengths[Objects.checkIndex(row, rows)];
  }

  /** One padded row. */
  public int[] row(int row) {
    Objects.checkIndex(row, rows);
    return Arrays.copyOfRange(ids, row * columns, (row + 1) * columns);
  }

  /**
   * All ids, row-major, {@code rows() * columns()} of them: the layout of a {@code [rows, columns]}
   * tensor.
   */
  public int[] ids() {
    return ids.clone();
  }

  /** {@link #length(int)} of every row. */
  public int[] lengths() {
    return lengths.clone();
  }

  private int index(int row, int column) {
    if (row < 0 || row >= rows || column < 0 || column >= columns) {
      throw new IndexOutOfBoundsException(
          "(" + row + ", " + column + ") outside " + rows + " x " + columns);
    }
    return row * columns + column;
  }
}
