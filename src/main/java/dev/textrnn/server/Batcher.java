package dev.textrnn.server;

import dev.textrnn.serving.Prediction;
import dev.textrnn.serving.SentimentModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/**
 * Server-side batching, as TensorFlow Serving's {@code --enable_batching}: the rows of requests
 * that arrive within {@code --batch-timeout-micros} of the first, up to {@code --max-batch-size}
 * rows, run as one model call ({@link SentimentModel#predict(List)} sorts them by length), on one
 * of {@code threads} batch threads. A batch is formed only when a batch thread is free, so while
 * all are busy, arriving requests wait in the queue and go together into the next batch. Unlike
 * TensorFlow Serving's scheduler (shared_batch_scheduler.h: an underfull batch waits out {@code
 * batch_timeout_micros}), a batch does not wait when every request the server is handling is
 * already in it: no other can join it then but a new one, and a lone client would pay the whole
 * timeout on every request. Such a lone request runs on its own thread when a batch thread is free,
 * sparing it the hand-offs to the batch threads and back. Each request gets its own rows'
 * predictions, the same as alone: padding does not change a row's outputs. If a batch fails, its
 * requests run again one by one, so that a request that cannot run fails alone.
 */
final class Batcher implements AutoCloseable {
  /**
   * One request's rows for one model and signature.
   *
   * @param run what predicts a list of such rows (SentimentModel::predict or ::predictIds)
   */
  private record Task(
      SentimentModel model,
      BiFunction<SentimentModel, List<Object>, List<Prediction>> run,
      List<Object> rows,
      CompletableFuture<List<Prediction>> result) {

    boolean joins(Task first) {
      return model == first.model && run == first.run;
    }
  }

  private final int maxBatchSize;
  private final long timeoutNanos;
  private final IntSupplier requestsInServer;
  private final IntConsumer batchSizes;
  private final LinkedBlockingDeque<Task> queue = new LinkedBlockingDeque<>();
  private final Semaphore freeThreads;
  private final ExecutorService runners;
  private final Thread former;
  private volatile boolean closed;

  /**
   * @param requestsInServer the predict requests the server is handling (received, queued, running
   *     or being answered)
   * @param batchSizes told the rows of every batch run
   */
  Batcher(
      int maxBatchSize,
      long timeoutMicros,
      int threads,
      IntSupplier requestsInServer,
      IntConsumer batchSizes) {
    this.maxBatchSize = maxBatchSize;
    this.timeoutNanos = TimeUnit.MICROSECONDS.toNanos(timeoutMicros);
    this.requestsInServer = requestsInServer;
    this.batchSizes = batchSizes;
    this.freeThreads = new Semaphore(threads);
    this.runners =
        Executors.newFixedThreadPool(
            threads,
            runnable -> {
              Thread thread = new Thread(runnable, "textrnn-batch");
              thread.setDaemon(true);
              return thread;
            });
    this.former = new Thread(this::formBatches, "textrnn-batch-former");
    former.setDaemon(true);
    former.start();
  }

  int maxBatchSize() {
    return maxBatchSize;
  }

  /**
   * Queues a request's rows (at most the maximum batch size); its predictions, in order, complete
   * the future.
   */
  @SuppressWarnings("unchecked")
  <T> CompletableFuture<List<Prediction>> submit(
      SentimentModel model,
      BiFunction<SentimentModel, List<T>, List<Prediction>> run,
      List<T> rows) {
    CompletableFuture<List<Prediction>> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new IllegalStateException("the server is stopping"));
      return result;
    }
    Task task =
        new Task(
            model,
            (BiFunction<SentimentModel, List<Object>, List<Prediction>>) (BiFunction<?, ?, ?>) run,
            (List<Object>) rows,
            result);
    if (queue.isEmpty() && requestsInServer.getAsInt() <= 1 && freeThreads.tryAcquire()) {
      try {
        run(List.of(task));
      } finally {
        freeThreads.release();
      }
    } else {
      queue.add(task);
    }
    return result;
  }

  /** Until closed; a task taken but not yet run when closed goes back to the queue for close(). */
  private void formBatches() {
    try {
      while (!closed) {
        Task first = queue.take();
        try {
          freeThreads.acquire();
        } catch (InterruptedException e) {
          queue.addFirst(first);
          throw e;
        }
        List<Task> batch = nextBatch(first);
        runners.execute(
            () -> {
              try {
                run(batch);
              } finally {
                freeThreads.release();
              }
            });
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  /**
   * The first task and the queued ones of its model and signature that join it in time, or at once
   * when no other request is in the server. The tasks taken that do not join it go back to the
   * front of the queue, and all of them if interrupted.
   */
  private List<Task> nextBatch(Task first) throws InterruptedException {
    List<Task> batch = new ArrayList<>(List.of(first));
    List<Task> others = new ArrayList<>();
    int rows = first.rows().size();
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      fill(batch, others, rows, deadline);
    } catch (InterruptedException e) {
      others.addAll(0, batch);
      throw e;
    } finally {
      for (int i = others.size() - 1; i >= 0; i--) {
        queue.addFirst(others.get(i));
      }
    }
    return batch;
  }

  /** Moves the queued tasks that join the batch into it, and those taken that do not to others. */
  private void fill(List<Task> batch, List<Task> others, int rows, long deadline)
      throws InterruptedException {
    Task first = batch.get(0);
    while (rows < maxBatchSize) {
      if (queue.isEmpty() && requestsInServer.getAsInt() <= batch.size()) {
        break;
      }
      Task next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        break;
      }
      if (!next.joins(first) || rows + next.rows().size() > maxBatchSize) {
        others.add(next);
        if (next.joins(first)) {
          break; // full
        }
        continue;
      }
      batch.add(next);
      rows += next.rows().size();
    }
  }

  private void run(List<Task> batch) {
    Task first = batch.get(0);
    List<Object> rows = new ArrayList<>();
    batch.forEach(task -> rows.addAll(task.rows()));
    batchSizes.accept(rows.size());
    List<Prediction> predictions;
    try {
      predictions = first.run().apply(first.model(), rows);
    } catch (RuntimeException | Error e) {
      if (batch.size() == 1) {
        first.result().completeExceptionally(e);
      } else {
        batch.forEach(task -> run(List.of(task)));
      }
      return;
    }
    int start = 0;
    for (Task task : batch) {
      int end = start + task.rows().size();
      task.result().complete(List.copyOf(predictions.subList(start, end)));
      start = end;
    }
  }

  /** Runs what is queued, then stops the batch threads. */
  @Override
  public void close() {
    closed = true;
    former.interrupt();
    try {
      former.join();
      List<Task> left = new ArrayList<>();
      queue.drainTo(left);
      for (Task task : left) {
        runners.execute(() -> run(List.of(task)));
      }
      runners.shutdown();
      runners.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
