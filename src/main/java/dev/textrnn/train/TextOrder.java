package dev.textrnn.train;

import java.util.Arrays;
import java.util.Random;

/**
 * Where each text of a set goes in a run, so that a set can be streamed from its source in the
 * source's order and still be trained in the run's: first a fixed permutation, then, for a quick
 * run, a subset drawn with the run's seed.
 *
 * <p>The permutation stands in for TFDS's stored order. The IMDB archive lists each split by class,
 * negatives first, and other sources may group their texts by class too. The tutorial reads TFDS's
 * copy, whose records are stored in a fixed random order: without that order a 10,000-text shuffle
 * buffer yields batches of one class for most of an epoch, and the 30 validation batches hold only
 * negative reviews. The same fixed permutation (not the run's seed) stands in for TFDS's.
 */
final class TextOrder {
  private static final long STORED_ORDER_SEED = 20110619L;

  /** For each text of the source, its place in the run, or -1 if it is not drawn. */
  private final int[] places;

  private final int size;

  private TextOrder(int[] places, int size) {
    this.places = places;
    this.size = size;
  }

  /**
   * The order of a set of {@code count} texts.
   *
   * @param subset when positive and below {@code count}, only this many texts, drawn with {@code
   *     seed}; else all
   */
  static TextOrder of(int count, int subset, long seed) {
    int[] order = new int[count]; // order[place] = the source's index
    Arrays.setAll(order, i -> i);
    shuffle(order, new Random(STORED_ORDER_SEED));
    int size = count;
    if (subset > 0 && subset < count) {
      shuffle(order, new Random(seed));
      size = subset;
    }
    int[] places = new int[count];
    Arrays.fill(places, -1);
    for (int place = 0; place < size; place++) {
      places[order[place]] = place;
    }
    return new TextOrder(places, size);
  }

  /**
   * {@code java.util.Collections.shuffle(list, random)} on an array: its documented algorithm, from
   * the last element back to the second, each swapped with one drawn by {@code nextInt(i + 1)}, so
   * the runs recorded when the texts were a shuffled list keep their order.
   */
  private static void shuffle(int[] values, Random random) {
    for (int i = values.length; i > 1; i--) {
      int j = random.nextInt(i);
      int swapped = values[i - 1];
      values[i - 1] = values[j];
      values[j] = swapped;
    }
  }

  /** The number of texts in the run. */
  int size() {
    return size;
  }

  /** The place in the run of the source's text {@code index}, or -1 if it is not in the run. */
  int place(int index) {
    return places[index];
  }
}
