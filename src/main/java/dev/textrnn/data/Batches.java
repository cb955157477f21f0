package dev.textrnn.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The tutorial's input pipeline, {@code dataset.shuffle(10000).batch(64).prefetch(AUTOTUNE)}:
 * batches padded to their longest row, a partial last batch, a fresh shuffle per epoch.
 */
public final class Batches {

  /** The tutorial's {@code BATCH_SIZE}. */
  public static final int BATCH_SIZE = 64;

  /** The tutorial's {@code BUFFER_SIZE}. */
  public static final int SHUFFLE_BUFFER = 10_000;

  private Batches() {}

  /**
   * {@link #shuffled(List, int, int, long, int)} with the tutorial's batch size 64 and buffer
   * 10,000.
   */
  public static Iterable<Batch> shuffled(List<Example> examples, long seed, int epoch) {
    return shuffled(examples, BATCH_SIZE, SHUFFLE_BUFFER, seed, epoch);
  }

  /**
   * Batches in the order of tf.data's {@code shuffle(bufferSize)}: a buffer holds the first {@code
   * bufferSize} examples; each step emits a uniformly random slot and refills it with the next
   * example; once the input is used up the rest of the buffer is emitted in random order. Each
   * example appears once. The order depends only on {@code (seed, epoch)}, and every call of {@code
   * iterator()} repeats it.
   */
  public static Iterable<Batch> shuffled(
      List<Example> examples, int batchSize, int bufferSize, long seed, int epoch) {
    checkArguments(batchSize, bufferSize, epoch);
    return () -> new Batcher(new Shuffler(examples, bufferSize, random(seed, epoch)), batchSize);
  }

  /**
   * Batches of reviews of similar length ({@code --bucket-by-length}): the examples come in the
   * order of {@link #shuffled}; each run of them (as many whole batches as fit in {@code
   * bufferSize}) is sorted by length and cut into batches, and those batches are emitted in random
   * order. Only the epoch's last batch can be partial. Padding, and the loop steps a batch needs,
   * shrink; every example still appears once per epoch, and the order depends only on {@code (seed,
   * epoch)}.
   */
  public static Iterable<Batch> bucketedByLength(
      List<Example> examples, int batchSize, int bufferSize, long seed, int epoch) {
    checkArguments(batchSize, bufferSize, epoch);
    int bucketSize = Math.max(1, bufferSize / batchSize) * batchSize;
    return () ->
        new BucketBatcher(
            new Shuffler(examples, bufferSize, random(seed, epoch)),
            batchSize,
            bucketSize,
            random(seed, epoch).split());
  }

  /** Batches in the order of {@code examples}, as for the test set. */
  public static Iterable<Batch> inOrder(List<Example> examples, int batchSize) {
    checkBatchSize(batchSize);
    return () -> new Batcher(examples.iterator(), batchSize);
  }

  /**
   * Produces {@code source} on a daemon thread up to {@code depth} items ahead. Close the result
   * when done, also when stopping early.
   */
  public static <T> Prefetcher<T> prefetched(Iterator<? extends T> source, int depth) {
    return new Prefetcher<>(source, depth);
  }

  /** The epoch-th child of a generator seeded with {@code seed}: independent streams per epoch. */
  static SplittableRandom random(long seed, int epoch) {
    SplittableRandom parent = new SplittableRandom(seed);
    SplittableRandom child = parent.split();
    for (int i = 0; i < epoch; i++) {
      child = parent.split();
    }
    return child;
  }

  private static void checkArguments(int batchSize, int bufferSize, int epoch) {
    checkBatchSize(batchSize);
    if (bufferSize < 1 || epoch < 0) {
      throw new IllegalArgumentException(
          "bufferSize " + bufferSize + " must be >= 1 and epoch " + epoch + " >= 0");
    }
  }

  private static void checkBatchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize " + batchSize + " must be >= 1");
    }
  }

  private static final class Shuffler implements Iterator<Example> {
    private final List<Example> input;
    private final Example[] buffer;
    private final SplittableRandom random;
    private int filled;
    private int nextInput;

    Shuffler(List<Example> input, int bufferSize, SplittableRandom random) {
      this.input = input;
      this.random = random;
      this.buffer = new Example[Math.min(bufferSize, input.size())];
      for (; nextInput < buffer.length; nextInput++) {
        buffer[nextInput] = input.get(nextInput);
      }
      filled = buffer.length;
    }

    @Override
    public boolean hasNext() {
      return filled > 0;
    }

    @Override
    public Example next() {
      if (filled == 0) {
        throw new NoSuchElementException();
      }
      int slot = random.nextInt(filled);
      Example out = buffer[slot];
      if (nextInput < input.size()) {
        buffer[slot] = input.get(nextInput++);
      } else {
        buffer[slot] = buffer[--filled];
        buffer[filled] = null;
      }
      return out;
    }
  }

  private static final class Batcher implements Iterator<Batch> {
    private final Iterator<Example> examples;
    private final int batchSize;

    Batcher(Iterator<Example> examples, int batchSize) {
      this.examples = examples;
      this.batchSize = batchSize;
    }

    @Override
    public boolean hasNext() {
      return examples.hasNext();
    }

    @Override
    public Batch next() {
      if (!examples.hasNext()) {
        throw new NoSuchElementException();
      }
      List<Example> rows =
          new ArrayList<>(); // not presized: batchSize may be far more than the data
      while (rows.size() < batchSize && examples.hasNext()) {
        rows.add(examples.next());
      }
      return Batch.of(rows);
    }
  }

  private static final class BucketBatcher implements Iterator<Batch> {
    private final Iterator<Example> examples;
    private final int batchSize;
    private final int bucketSize;
    private final SplittableRandom random;
    private final List<List<Example>> ready = new ArrayList<>();

    BucketBatcher(
        Iterator<Example> examples, int batchSize, int bucketSize, SplittableRandom random) {
      this.examples = examples;
      this.batchSize = batchSize;
      this.bucketSize = bucketSize;
      this.random = random;
    }

    @Override
    public boolean hasNext() {
      return !ready.isEmpty() || examples.hasNext();
    }

    @Override
    public Batch next() {
      if (ready.isEmpty()) {
        fillBucket();
      }
      return Batch.of(ready.remove(ready.size() - 1));
    }

    /** The next {@code bucketSize} examples sorted by length, as batches in random order. */
    private void fillBucket() {
      if (!examples.hasNext()) {
        throw new NoSuchElementException();
      }
      List<Example> bucket = new ArrayList<>(bucketSize);
      while (bucket.size() < bucketSize && examples.hasNext()) {
        bucket.add(examples.next());
      }
      bucket.sort(Comparator.comparingInt(Example::length));
      for (int start = 0; start < bucket.size(); start += batchSize) {
        ready.add(bucket.subList(start, Math.min(bucket.size(), start + batchSize)));
      }
      for (int i = ready.size() - 1; i > 0; i--) {
        Collections.swap(ready, i, random.nextInt(i + 1));
      }
    }
  }
}
