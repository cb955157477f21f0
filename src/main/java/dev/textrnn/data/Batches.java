package dev.textrnn.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The tutorial's input pipeline, {@code dataset.shuffle(10000).batch(64).prefetch(AUTOTUNE)}: batches
 * padded to their longest row, a partial last batch, a fresh shuffle per epoch.
 */
public final class Batches {

    /** The tutorial's {@code BATCH_SIZE}. */
    public static final int BATCH_SIZE = 64;
    /** The tutorial's {@code BUFFER_SIZE}. */
    public static final int SHUFFLE_BUFFER = 10_000;

    private Batches() {}

    /** {@link #shuffled(List, int, int, long, int)} with the tutorial's batch size 64 and buffer 10,000. */
    public static Iterable<Batch> shuffled(List<Example> examples, long seed, int epoch) {
        return shuffled(examples, BATCH_SIZE, SHUFFLE_BUFFER, seed, epoch);
    }

    /**
     * Batches in the order of tf.data's {@code shuffle(bufferSize)}: a buffer holds the first
     * {@code bufferSize} examples; each step emits a uniformly random slot and refills it with the next example;
     * once the input is used up the rest of the buffer is emitted in random order. Each example appears once.
     * The order depends only on {@code (seed, epoch)}, and every call of {@code iterator()} repeats it.
     */
    public static Iterable<Batch> shuffled(List<Example> examples, int batchSize, int bufferSize, long seed, int epoch) {
        checkBatchSize(batchSize);
        if (bufferSize < 1 || epoch < 0) {
            throw new IllegalArgumentException("bufferSize " + bufferSize + " must be >= 1 and epoch " + epoch + " >= 0");
        }
        return () -> new Batcher(new Shuffler(examples, bufferSize, random(seed, epoch)), batchSize);
    }

    /** Batches in the order of {@code examples}, as for the test set. */
    public static Iterable<Batch> inOrder(List<Example> examples, int batchSize) {
        checkBatchSize(batchSize);
        return () -> new Batcher(examples.iterator(), batchSize);
    }

    /**
     * Produces {@code source} on a daemon thread up to {@code depth} items ahead. Close the result when done,
     * also when stopping early.
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
            List<Example> rows = new ArrayList<>();  // not presized: batchSize may be far more than the data
            while (rows.size() < batchSize && examples.hasNext()) {
                rows.add(examples.next());
            }
            return Batch.of(rows);
        }
    }
}
