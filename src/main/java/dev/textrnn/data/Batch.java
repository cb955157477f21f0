package dev.textrnn.data;

import java.util.List;
import java.util.Objects;

/**
 * Examples stacked for one training or evaluation step, padded with id 0 to the longest row of this
 * batch. A batch whose rows are all empty has {@code maxLength} 0 and no ids. Arrays are not
 * copied; do not modify them.
 */
public final class Batch {

  private final int size;
  private final int maxLength;
  private final int[] ids;
  private final int[] lengths;
  private final float[] labels;

  /**
   * @param ids shape [size, maxLength] row-major, 0 after each row's length
   * @param lengths shape [size], each in [0, maxLength]
   * @param labels shape [size]
   */
  public Batch(int size, int maxLength, int[] ids, int[] lengths, float[] labels) {
    if (size < 1 || maxLength < 0) {
      throw new IllegalArgumentException(
          "size " + size + " must be >= 1 and maxLength " + maxLength + " >= 0");
    }
    if ((long) size * maxLength != ids.length || lengths.length != size || labels.length != size) {
      throw new IllegalArgumentException(
          "for size "
              + size
              + " and maxLength "
              + maxLength
              + " expected "
              + (long) size * maxLength
              + " ids, "
              + size
              + " lengths and labels; got "
              + ids.length
              + ", "
              + lengths.length
              + ", "
              + labels.length);
    }
    for (int length : lengths) {
      if (length < 0 || length > maxLength) {
        throw new IllegalArgumentException("length " + length + " outside [0, " + maxLength + "]");
      }
    }
    this.size = size;
    this.maxLength = maxLength;
    this.ids = ids;
    this.lengths = lengths;
    this.labels = labels;
  }

  /** Stacks {@code examples} in order, padding each row to the longest one. */
  public static Batch of(List<Example> examples) {
    int size = examples.size();
    int maxLength = 0;
    for (Example e : examples) {
      maxLength = Math.max(maxLength, e.ids().length);
    }
    int[] ids = new int[Math.multiplyExact(size, maxLength)]; // [size, maxLength], zero-filled
    int[] lengths = new int[size];
    float[] labels = new float[size];
    for (int row = 0; row < size; row++) {
      Example e = Objects.requireNonNull(examples.get(row), "example");
      System.arraycopy(e.ids(), 0, ids, row * maxLength, e.ids().length);
      lengths[row] = e.ids().length;
      labels[row] = e.label();
    }
    return new Batch(size, maxLength, ids, lengths, labels);
  }

  /** Number of rows. */
  public int size() {
    return size;
  }

  /** Length of the longest row; the padded width of {@link #ids()}. */
  public int maxLength() {
    return maxLength;
  }

  /** Token ids, shape [size, maxLength] row-major, 0-padded. */
  public int[] ids() {
    return ids;
  }

  /** Unpadded length of each row, shape [size]. */
  public int[] lengths() {
    return lengths;
  }

  /** Label of each row, shape [size]. */
  public float[] labels() {
    return labels;
  }

  @Override
  public String toString() {
    return "Batch[size=" + size + ", maxLength=" + maxLength + "]";
  }
}
