package dev.textrnn.server;

import dev.textrnn.data.ImdbDataset;
import dev.textrnn.data.Review;
import dev.textrnn.serving.SentimentModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator of {@code tools/serve-bench}, on loopback only: C concurrent clients
 * (java.net.http, HTTP/1.1 keep-alive) each send one review per request to a {@code textrnn serve}
 * at 127.0.0.1:PORT, drawn in turn from the IMDB test reviews, until REQUESTS are answered or
 * SECONDS pass; prints throughput and p50/p99 latency as {@code key value} lines. With {@code
 * inprocess} it measures the ceiling in this JVM instead: {@link SentimentModel#predict} on the
 * same reviews in batches of each client count, and one review at a time.
 *
 * <p>Usage: {@code ServeBenchmark client PORT ARCHIVE CLIENTS REQUESTS SECONDS} or {@code
 * ServeBenchmark inprocess MODEL_DIR ARCHIVE REQUESTS}.
 */
public final class ServeBenchmark {
  /** Every 5th test review: both labels, all lengths. */
  private static final int REVIEWS = 5000;

  private ServeBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<String> reviews = reviews(Path.of(args[2]));
    if (args[0].equals("inprocess")) {
      inProcess(Path.of(args[1]), reviews, Integer.parseInt(args[3]));
    } else {
      clients(
          Integer.parseInt(args[1]),
          reviews,
          Integer.parseInt(args[3]),
          Integer.parseInt(args[4]),
          Integer.parseInt(args[5]));
    }
    System.exit(0); // the HTTP client's threads would keep the JVM alive
  }

  private static List<String> reviews(Path archive) {
    List<Review> test = ImdbDataset.read(archive, false).test();
    List<String> drawn = new ArrayList<>();
    for (int i = 0; i < REVIEWS; i++) {
      drawn.add(test.get(i * (test.size() / REVIEWS)).textString());
    }
    return drawn;
  }

  private static void inProcess(Path modelDir, List<String> reviews, int requests) {
    try (SentimentModel model = SentimentModel.load(modelDir)) {
      model.predict(reviews.subList(0, 256)); // warm-up
      for (int batch : new int[] {8, 32, 64}) {
        long start = System.nanoTime();
        for (int from = 0; from < requests; from += batch) {
          int to = Math.min(requests, from + batch);
          model.predict(
              reviews.subList(from % reviews.size(), (from % reviews.size()) + (to - from)));
        }
        print("inprocess_batches_of_" + batch + "_reviews_per_second", requests / seconds(start));
      }
      long start = System.nanoTime();
      model.predict(reviews.subList(0, Math.min(reviews.size(), requests)));
      print(
          "inprocess_all_at_once_reviews_per_second",
          Math.min(reviews.size(), requests) / seconds(start));
      int singles = Math.min(1000, requests);
      double[] millis = new double[singles];
      for (int i = 0; i < singles; i++) {
        long one = System.nanoTime();
        model.predict(reviews.get(i));
        millis[i] = (System.nanoTime() - one) / 1e6;
      }
      double total = Arrays.stream(millis).sum() / 1000;
      Arrays.sort(millis);
      print("inprocess_single_reviews_per_second", singles / total);
      print("inprocess_single_p50_ms", millis[singles / 2]);
      print("inprocess_single_p99_ms", millis[(int) (singles * 0.99)]);
    }
  }

  private static void clients(
      int port, List<String> reviews, int clients, int requests, int seconds) throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4))
            .build();
    URI uri = URI.create("http://127.0.0.1:" + port + "/v1/models/textrnn:predict");
    List<HttpRequest> bodies = new ArrayList<>();
    for (String review : reviews) {
      bodies.add(
          HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      TensorJson.JSON.writeValueAsString(
                          java.util.Map.of("instances", List.of(review)))))
              .build());
    }
    // Warm-up: the JIT of both sides, and the connections.
    run(http, bodies, clients, Math.max(50, 4 * clients), 30, new AtomicInteger());
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    List<Double> millis = run(http, bodies, clients, requests, seconds, next);
    double elapsed = seconds(start);
    double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    print("requests", sorted.length);
    print("reviews_per_second", sorted.length / elapsed);
    print("p50_ms", sorted[sorted.length / 2]);
    print("p99_ms", sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))]);
  }

  /** Latencies of the answered requests; any other answer ends the run with an error. */
  private static List<Double> run(
      HttpClient http,
      List<HttpRequest> bodies,
      int clients,
      int requests,
      int seconds,
      AtomicInteger next)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<List<Double>>> results = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      results.add(
          pool.submit(
              () -> {
                List<Double> latencies = new ArrayList<>();
                for (int i;
                    (i = next.getAndIncrement()) < requests && System.nanoTime() < deadline; ) {
                  long one = System.nanoTime();
                  HttpResponse<String> answer =
                      http.send(
                          bodies.get(i % bodies.size()), HttpResponse.BodyHandlers.ofString());
                  if (answer.statusCode() != 200) {
                    throw new IllegalStateException(
                        "HTTP " + answer.statusCode() + ": " + answer.body());
                  }
                  latencies.add((System.nanoTime() - one) / 1e6);
                }
                return latencies;
              }));
    }
    List<Double> all = new ArrayList<>();
    for (Future<List<Double>> result : results) {
      all.addAll(result.get());
    }
    pool.shutdown();
    return all;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static void print(String key, double value) {
    System.out.printf(Locale.ROOT, "%s %.2f%n", key, value);
  }
}
