package dev.textrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TextOrderTest {

  /** The texts as a run trains them: the order's texts, each at its place. */
  static <T> List<T> inRunOrder(List<T> texts, int subset, long seed) {
    TextOrder order = TextOrder.of(texts.size(), subset, seed);
    List<T> placed = new ArrayList<>(Collections.nCopies(order.size(), null));
    for (int i = 0; i < texts.size(); i++) {
      if (order.place(i) >= 0) {
        placed.set(order.place(i), texts.get(i));
      }
    }
    return placed;
  }

  /**
   * The lists as the runs recorded in src/test/resources/reference/ ordered them, before sets were
   * streamed: shuffled with the fixed seed, then shuffled again with the run's and cut.
   */
  private static List<Integer> asRecorded(int count, int subset, long seed) {
    List<Integer> permuted = new ArrayList<>(IntStream.range(0, count).boxed().toList());
    Collections.shuffle(permuted, new Random(20110619L));
    if (subset <= 0 || subset >= count) {
      return permuted;
    }
    Collections.shuffle(permuted, new Random(seed));
    return permuted.subList(0, subset);
  }

  @Test
  void placesTextsAsTheRecordedRunsShuffledThem() {
    List<Integer> texts = IntStream.range(0, 25_000).boxed().toList();
    for (int subset : new int[] {0, 1, 200, 24_999, 25_000, 30_000}) {
      for (long seed : new long[] {42, 7}) {
        assertEquals(
            asRecorded(25_000, subset, seed),
            inRunOrder(texts, subset, seed),
            "subset " + subset + ", seed " + seed);
      }
    }
  }

  @Test
  void everyTextOfASetOnceAndNoneTwice() {
    TextOrder order = TextOrder.of(1_000, 0, 42);
    boolean[] taken = new boolean[1_000];
    for (int i = 0; i < 1_000; i++) {
      int place = order.place(i);
      assertEquals(false, taken[place], "place " + place);
      taken[place] = true;
    }
    assertNotEquals(0, order.place(0) + order.place(999), "not shuffled");
  }

  @Test
  void aSubsetDependsOnTheSeedAndTheWholeSetDoesNot() {
    List<Integer> texts = IntStream.range(0, 500).boxed().toList();
    assertNotEquals(inRunOrder(texts, 100, 1), inRunOrder(texts, 100, 2));
    assertEquals(inRunOrder(texts, 0, 1), inRunOrder(texts, 0, 2));
  }
}
