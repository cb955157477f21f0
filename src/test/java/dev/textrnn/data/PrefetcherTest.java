package dev.textrnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PrefetcherTest {

  /** Counts up from 0; fails at {@code failAt}; records its thread. */
  private static final class Source implements Iterator<Integer> {
    final AtomicInteger produced = new AtomicInteger();
    final AtomicReference<Thread> thread = new AtomicReference<>();
    final int end;
    final int failAt;
    final CountDownLatch ahead;

    Source(int end, int failAt, CountDownLatch ahead) {
      this.end = end;
      this.failAt = failAt;
      this.ahead = ahead;
    }

    @Override
    public boolean hasNext() {
      return produced.get() < end;
    }

    @Override
    public Integer next() {
      thread.set(Thread.currentThread());
      int i = produced.getAndIncrement();
      if (i == failAt) {
        throw new DatasetException("source failed at " + i);
      }
      ahead.countDown();
      return i;
    }
  }

  @Test
  void yieldsTheSourceInOrderOnAnotherThread() {
    Source source = new Source(1000, -1, new CountDownLatch(0));
    List<Integer> got = new ArrayList<>();
    try (Prefetcher<Integer> p = Batches.prefetched(source, 3)) {
      p.forEachRemaining(got::add);
      assertFalse(p.hasNext());
    }
    assertEquals(IntStream.range(0, 1000).boxed().toList(), got);
    assertTrue(source.thread.get().isDaemon());
    assertTrue(source.thread.get().getName().startsWith("textrnn-prefetch-"));
  }

  @Test
  void runsAheadUpToItsDepth() throws InterruptedException {
    CountDownLatch ahead = new CountDownLatch(4);
    Source source = new Source(Integer.MAX_VALUE, -1, ahead);
    try (Prefetcher<Integer> p = Batches.prefetched(source, 4)) {
      assertTrue(ahead.await(10, TimeUnit.SECONDS), "4 items produced before any was taken");
      Thread.sleep(50);
      assertTrue(
          source.produced.get() <= 5,
          "4 queued and at most 1 waiting to enter: " + source.produced);
      assertEquals(0, p.next());
    }
  }

  @Test
  void rethrowsTheSourceExceptionAfterTheItemsBeforeIt() {
    Source source = new Source(100, 5, new CountDownLatch(0));
    List<Integer> got = new ArrayList<>();
    try (Prefetcher<Integer> p = Batches.prefetched(source, 2)) {
      DatasetException e = assertThrows(DatasetException.class, () -> p.forEachRemaining(got::add));
      assertEquals("source failed at 5", e.getMessage());
      assertFalse(p.hasNext());
    }
    assertEquals(List.of(0, 1, 2, 3, 4), got);
  }

  @Test
  void closeStopsTheProducer() throws InterruptedException {
    CountDownLatch ahead = new CountDownLatch(2);
    Source source = new Source(Integer.MAX_VALUE, -1, ahead);
    Prefetcher<Integer> p = Batches.prefetched(source, 2);
    assertEquals(0, p.next());
    assertTrue(ahead.await(10, TimeUnit.SECONDS));
    Thread producer = source.thread.get();
    p.close();
    assertFalse(producer.isAlive());
    assertFalse(p.hasNext());
    int produced = source.produced.get();
    Thread.sleep(20);
    assertEquals(produced, source.produced.get());
  }

  @Test
  void prefetchesBatches() {
    List<Example> examples =
        IntStream.range(0, 130).mapToObj(i -> new Example(new int[] {i + 1}, 1f)).toList();
    List<Batch> direct = new ArrayList<>();
    Batches.shuffled(examples, 64, 100, 9, 2).forEach(direct::add);
    try (Prefetcher<Batch> p =
        Batches.prefetched(Batches.shuffled(examples, 64, 100, 9, 2).iterator(), 2)) {
      for (Batch expected : direct) {
        Batch b = p.next();
        assertEquals(expected.size(), b.size());
        assertEquals(Arrays.toString(expected.ids()), Arrays.toString(b.ids()));
      }
      assertFalse(p.hasNext());
    }
    assertEquals(3, direct.size());
  }
}
