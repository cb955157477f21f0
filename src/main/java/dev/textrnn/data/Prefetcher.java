package dev.textrnn.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Iterates a source that a daemon thread runs ahead of the consumer, up to a fixed depth, so that
 * the consumer (a training step) need not wait for the next item. An exception of the source is
 * rethrown, as is, by {@link #hasNext()} or {@link #next()} in the consumer's thread, after the
 * items produced before it. Not thread-safe: one consumer. {@link #close()} stops the producer.
 */
public final class Prefetcher<T> implements Iterator<T>, AutoCloseable {

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final Object END = new Object();

  private record Failure(Throwable error) {}

  private final BlockingQueue<Object> queue;
  private final Thread producer;
  private Object pending; // taken from the queue, not yet returned by next()
  private boolean finished;

  Prefetcher(Iterator<? extends T> source, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth " + depth + " must be >= 1");
    }
    queue = new ArrayBlockingQueue<>(depth);
    producer = new Thread(() -> produce(source), "textrnn-prefetch-" + THREADS.incrementAndGet());
    producer.setDaemon(true);
    producer.start();
  }

  private void produce(Iterator<? extends T> source) {
    Object last;
    try {
      while (source.hasNext()) {
        queue.put(source.next());
      }
      last = END;
    } catch (InterruptedException e) {
      return; // closed
    } catch (Throwable e) {
      last = new Failure(e);
    }
    try {
      queue.put(last);
    } catch (InterruptedException e) {
      // closed: nobody waits for the end
    }
  }

  @Override
  public boolean hasNext() {
    if (pending == null) {
      if (finished) {
        return false;
      }
      Object item = take();
      if (item == END) {
        finished = true;
        return false;
      }
      if (item instanceof Failure failure) {
        finished = true;
        throw rethrow(failure.error());
      }
      pending = item;
    }
    return true;
  }

  @Override
  @SuppressWarnings("unchecked") // only the source's items and the two markers enter the queue
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T item = (T) pending;
    pending = null;
    return item;
  }

  /** Stops the producer thread and waits for it to end; afterwards {@link #hasNext()} is false. */
  @Override
  public void close() {
    finished = true;
    pending = null;
    producer.interrupt();
    boolean interrupted = false;
    while (producer.isAlive()) {
      try {
        producer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    queue.clear();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private Object take() {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + producer.getName(), e);
    }
  }

  private static RuntimeException rethrow(Throwable error) {
    if (error instanceof RuntimeException e) {
      return e;
    }
    if (error instanceof Error e) {
      throw e;
    }
    // Only reachable if the source throws a checked exception undeclared.
    return new IllegalStateException("prefetch source failed", error);
  }
}
