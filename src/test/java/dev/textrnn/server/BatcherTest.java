package dev.textrnn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.textrnn.serving.Prediction;
import dev.textrnn.serving.SentimentModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Where and with whom a request's rows run. The model calls are stand-ins that record their thread
 * and rows: what is tested is the batching, and ModelServerTest runs it on real models.
 */
class BatcherTest {
  private record Call(String thread, List<String> rows) {}

  private final List<Call> calls = new CopyOnWriteArrayList<>();

  private final BiFunction<SentimentModel, List<String>, List<Prediction>> record =
      (model, rows) -> {
        calls.add(new Call(Thread.currentThread().getName(), List.copyOf(rows)));
        return rows.stream()
            .map(row -> new Prediction(row, "pos", 1f, Map.of("pos", 1f), new float[] {1f}))
            .toList();
      };

  @Test
  void aLoneRequestRunsOnItsOwnThread() throws Exception {
    try (Batcher batcher = new Batcher(64, 20_000_000, 1, () -> 1, rows -> {})) {
      CompletableFuture<List<Prediction>> answer = batcher.submit(null, record, List.of("alone"));
      assertTrue(answer.isDone(), "answered before submit returned");
      assertEquals("alone", answer.get().get(0).text());
      assertEquals(List.of(new Call(Thread.currentThread().getName(), List.of("alone"))), calls);
    }
  }

  @Test
  void requestsInTheServerTogetherRunAsOneBatchOnABatchThread() throws Exception {
    try (Batcher batcher = new Batcher(2, 20_000_000, 1, () -> 2, rows -> {})) {
      CompletableFuture<List<Prediction>> first = batcher.submit(null, record, List.of("a"));
      CompletableFuture<List<Prediction>> second = batcher.submit(null, record, List.of("b"));
      assertEquals("a", first.get(10, TimeUnit.SECONDS).get(0).text());
      assertEquals("b", second.get(10, TimeUnit.SECONDS).get(0).text());
      assertEquals(List.of(new Call("textrnn-batch", List.of("a", "b"))), calls);
    }
  }

  @Test
  void closingAnswersTheRequestsOfABatchStillForming() throws Exception {
    CompletableFuture<List<Prediction>> first;
    CompletableFuture<List<Prediction>> second;
    try (Batcher batcher = new Batcher(3, 20_000_000, 1, () -> 3, rows -> {})) {
      first = batcher.submit(null, record, List.of("a"));
      second = batcher.submit(null, record, List.of("b"));
      Thread.sleep(200); // the batch former holds both and waits for a third request
    }
    assertEquals("a", first.get(10, TimeUnit.SECONDS).get(0).text());
    assertEquals("b", second.get(10, TimeUnit.SECONDS).get(0).text());
  }
}
