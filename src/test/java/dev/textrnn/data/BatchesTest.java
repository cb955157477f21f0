package dev.textrnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {

  /** Example i has 1 + i % 300 ids, all i + 1, so a row names its example and padding (0) shows. */
  private static final List<Example> TRAIN = examples(25_000);

  private static List<Example> examples(int n) {
    List<Example> examples = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int[] ids = new int[1 + i % 300];
      Arrays.fill(ids, i + 1);
      examples.add(new Example(ids, i % 2));
    }
    return examples;
  }

  /** The example indices of each batch, in order. */
  private static List<int[]> order(Iterable<Batch> batches) {
    List<int[]> order = new ArrayList<>();
    for (Batch b : batches) {
      int[] rows = new int[b.size()];
      for (int r = 0; r < b.size(); r++) {
        rows[r] = b.ids()[r * b.maxLength()] - 1;
      }
      order.add(rows);
    }
    return order;
  }

  private static int[] flat(List<int[]> order) {
    return order.stream().flatMapToInt(Arrays::stream).toArray();
  }

  /**
   * Each example once per epoch; the same order for the same (seed, epoch), another for the next
   * epoch.
   */
  @Test
  void bucketedByLengthKeepsEveryExampleAndRepeats() {
    int[] epoch0 = flat(order(Batches.bucketedByLength(TRAIN, 64, 10_000, 7, 0)));
    assertArrayEquals(
        java.util.stream.IntStream.range(0, TRAIN.size()).toArray(),
        Arrays.stream(epoch0).sorted().toArray());
    assertArrayEquals(epoch0, flat(order(Batches.bucketedByLength(TRAIN, 64, 10_000, 7, 0))));
    assertNotEquals(
        Arrays.toString(epoch0),
        Arrays.toString(flat(order(Batches.bucketedByLength(TRAIN, 64, 10_000, 7, 1)))));
  }

  /**
   * Lengths here are uniform over 1..300: a shuffled batch pads to about 300, a bucketed one (64 of
   * a sorted 10,000) spans about 2; its batches come in random order, not sorted.
   */
  @Test
  void bucketedByLengthBatchesRowsOfSimilarLength() {
    long shuffledPadding = 0;
    for (Batch b : Batches.shuffled(TRAIN, 64, 10_000, 7, 0)) {
      shuffledPadding += padding(b);
    }
    long bucketedPadding = 0;
    List<Integer> longest = new ArrayList<>();
    for (Batch b : Batches.bucketedByLength(TRAIN, 64, 10_000, 7, 0)) {
      bucketedPadding += padding(b);
      longest.add(b.maxLength());
    }
    assertTrue(bucketedPadding * 50 < shuffledPadding, bucketedPadding + " vs " + shuffledPadding);
    List<Integer> sorted = new ArrayList<>(longest);
    sorted.sort(null);
    assertNotEquals(sorted, longest);
    assertEquals(391, longest.size());
  }

  private static long padding(Batch b) {
    long padding = 0;
    for (int length : b.lengths()) {
      padding += b.maxLength() - length;
    }
    return padding;
  }

  @Test
  void tutorialSizes() {
    List<Batch> batches = new ArrayList<>();
    Batches.shuffled(TRAIN, 42, 0).forEach(batches::add);
    assertEquals(391, batches.size());
    assertTrue(batches.subList(0, 390).stream().allMatch(b -> b.size() == 64));
    assertEquals(40, batches.get(390).size());
  }

  @Test
  void rowsArePaddedToTheLongestRowOfTheirBatch() {
    for (Batch b : Batches.shuffled(TRAIN, 64, 10_000, 1, 0)) {
      int longest = 0;
      for (int r = 0; r < b.size(); r++) {
        int example = b.ids()[r * b.maxLength()] - 1;
        int length = TRAIN.get(example).ids().length;
        assertEquals(length, b.lengths()[r]);
        assertEquals(example % 2, b.labels()[r]);
        for (int j = 0; j < b.maxLength(); j++) {
          assertEquals(j < length ? example + 1 : 0, b.ids()[r * b.maxLength() + j]);
        }
        longest = Math.max(longest, length);
      }
      assertEquals(longest, b.maxLength());
      assertEquals(b.size() * b.maxLength(), b.ids().length);
    }
  }

  @Test
  void everyExampleExactlyOncePerEpoch() {
    for (int epoch = 0; epoch < 3; epoch++) {
      int[] seen = flat(order(Batches.shuffled(TRAIN, 7, epoch)));
      Arrays.sort(seen);
      for (int i = 0; i < TRAIN.size(); i++) {
        assertEquals(i, seen[i]);
      }
    }
  }

  @Test
  void sameSeedAndEpochRepeatDifferentOnesDoNot() {
    int[] a = flat(order(Batches.shuffled(TRAIN, 7, 3)));
    Iterable<Batch> again = Batches.shuffled(TRAIN, 7, 3);
    assertArrayEquals(a, flat(order(again)));
    assertArrayEquals(a, flat(order(again)), "iterating the same Iterable twice");
    assertNotEquals(
        Arrays.toString(a), Arrays.toString(flat(order(Batches.shuffled(TRAIN, 7, 4)))));
    assertNotEquals(
        Arrays.toString(a), Arrays.toString(flat(order(Batches.shuffled(TRAIN, 8, 3)))));
  }

  @Test
  void emitsFromABufferLikeTfDataShuffle() {
    int[] out = flat(order(Batches.shuffled(TRAIN, 64, 10_000, 5, 0)));
    // The k-th output was among the first 10,000 + k inputs: only those had entered the buffer.
    for (int k = 0; k < out.length; k++) {
      assertTrue(out[k] < 10_000 + k, "output " + k + " is input " + out[k]);
    }
    // The first 10,000 outputs are not just the first 10,000 inputs in another order.
    assertTrue(Arrays.stream(out, 0, 10_000).anyMatch(i -> i >= 10_000));
    // A buffer of one cannot reorder.
    int[] identity = flat(order(Batches.shuffled(TRAIN, 64, 1, 5, 0)));
    for (int k = 0; k < identity.length; k++) {
      assertEquals(k, identity[k]);
    }
  }

  @Test
  void inOrderKeepsTheInputOrder() {
    List<int[]> order = order(Batches.inOrder(TRAIN, 64));
    assertEquals(391, order.size());
    assertEquals(40, order.get(390).length);
    int[] flat = flat(order);
    for (int k = 0; k < flat.length; k++) {
      assertEquals(k, flat[k]);
    }
  }

  @Test
  void batchOfEmptyRowsHasWidthZero() {
    Batch b = Batch.of(List.of(new Example(new int[0], 1f), new Example(new int[0], 0f)));
    assertEquals(2, b.size());
    assertEquals(0, b.maxLength());
    assertEquals(0, b.ids().length);
    assertArrayEquals(new int[] {0, 0}, b.lengths());
    assertArrayEquals(new float[] {1f, 0f}, b.labels());
  }

  @Test
  void batchChecksItsShapes() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Batch(2, 3, new int[5], new int[2], new float[2]));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Batch(2, 3, new int[6], new int[] {1, 4}, new float[2]));
    assertThrows(IllegalArgumentException.class, () -> Batch.of(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Batches.shuffled(TRAIN, 0, 10, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> Batches.shuffled(TRAIN, 64, 10, 1, -1));
  }

  /**
   * A batch too big for one run: parts of at most the positions, rows longest first, each row once
   * with its ids, length and label; a batch that fits is one part, itself.
   */
  @Test
  void aLongBatchSplitsIntoPartsOfBoundedPositions() {
    int[] lengths = {3, 40, 0, 12, 40, 7, 1, 25};
    List<Example> examples = new ArrayList<>();
    for (int row = 0; row < lengths.length; row++) {
      int[] ids = new int[lengths[row]];
      Arrays.fill(ids, row + 1);
      examples.add(new Example(ids, row % 2));
    }
    Batch batch = Batch.of(examples);
    assertEquals(List.of(batch), batch.split(8 * 40).stream().map(Batch.Part::batch).toList());

    List<Batch.Part> parts = batch.split(90);
    List<Integer> rows = new ArrayList<>();
    for (Batch.Part part : parts) {
      Batch p = part.batch();
      assertTrue((long) p.size() * p.maxLength() <= 90, p.toString());
      for (int i = 0; i < p.size(); i++) {
        int row = part.rows()[i];
        rows.add(row);
        assertEquals(lengths[row], p.lengths()[i]);
        assertEquals(row % 2, p.labels()[i]);
        for (int t = 0; t < p.maxLength(); t++) {
          assertEquals(t < lengths[row] ? row + 1 : 0, p.ids()[i * p.maxLength() + t]);
        }
      }
    }
    assertEquals(List.of(1, 4, 7, 3, 5, 0, 6, 2), rows, "longest first");
    assertEquals(List.of(2, 3, 3), parts.stream().map(part -> part.batch().size()).toList());
    assertEquals(
        List.of(1, 1, 1, 1, 1, 1, 1, 1),
        batch.split(1).stream().map(part -> part.batch().size()).toList(),
        "a row longer than the limit is a part alone");
  }
}
