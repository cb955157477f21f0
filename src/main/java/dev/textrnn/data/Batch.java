package dev.textrnn.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

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
      maxLength = Math.max(maxLength, e.length());
    }
    int[] ids = new int[Math.multiplyExact(size, maxLength)]; // [size, maxLength], zero-filled
    int[] lengths = new int[size];
    float[] labels = new float[size];
    for (int row = 0; row < size; row++) {
      Example e = Objects.requireNonNull(examples.get(row), "example");
      e.copyIds(ids, row * maxLength);
      lengths[row] = e.length();
      labels[row] = e.label();
    }
    return new Batch(size, maxLength, ids, lengths, labels);
  }

  /**
   * Rows of a batch as a batch of their own.
   *
   * @param rows the index in the whole batch of each of this part's rows, in the part's order
   */
  public record Part(Batch batch, int[] rows) {}

  /**
   * This batch in parts of at most {@code maxPositions} token positions each (its rows times its
   * longest row), for a computation whose memory grows with them. A batch that fits is one part,
   * itself. Otherwise the rows go longest first, each part taking as many as fit beside its first
   * (so a row longer than {@code maxPositions} is a part alone).
   */
  public List<Part> split(long maxPositions) {
    if ((long) size * maxLength <= maxPositions) {
      return List.of(new Part(this, IntStream.range(0, size).toArray()));
    }
    Integer[] longestFirst = new Integer[size];
    Arrays.setAll(longestFirst, row -> row);
    Arrays.sort(longestFirst, Comparator.comparingInt((Integer row) -> lengths[row]).reversed());
    List<Part> parts = new ArrayList<>();
    for (int start = 0, end; start < size; start = end) {
      long longest = Math.max(1, lengths[longestFirst[start]]);
      end = start + 1;
      while (end < size && (end - start + 1) * longest <= maxPositions) {
        end++;
      }
      parts.add(part(Arrays.copyOfRange(longestFirst, start, end)));
    }
    return parts;
  }

  private Part part(Integer[] rows) {
    int partLength = lengths[rows[0]];
    int[] partIds = new int[rows.length * partLength];
    int[] partLengths = new int[rows.length];
    float[] partLabels = new float[rows.length];
    int[] indices = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      int row = rows[i];
      System.arraycopy(ids, row * maxLength, partIds, i * partLength, lengths[row]);
      partLengths[i] = lengths[row];
      partLabels[i] = labels[row];
      indices[i] = row;
    }
    return new Part(new Batch(rows.length, partLength, partIds, partLengths, partLabels), indices);
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
