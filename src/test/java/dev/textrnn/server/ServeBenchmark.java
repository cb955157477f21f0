package dev.textrnn.server;

import com.sun.management.OperatingSystemMXBean;
import dev.textrnn.data.ImdbDataset;
import dev.textrnn.data.Review;
import dev.textrnn.serving.SentimentModel;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator of {@code tools/serve-bench}, on loopback only: C concurrent clients, each a
 * thread with its own HTTP/1.1 keep-alive connection, send one review per request to a {@code
 * textrnn serve} at 127.0.0.1:PORT, drawn in turn from the IMDB test reviews, until REQUESTS are
 * answered or SECONDS pass; prints throughput, p50/p99 latency and the CPU time this load generator
 * took per request as {@code key value} lines. The clients write prepared request bytes and read
 * the answers on a plain socket: on the 2 cores it shares with the server, java.net.http took CPU
 * from the server (1.1 ms per request at 32 clients here, a socket 0.1 ms). With {@code inprocess}
 * it measures the ceiling in this JVM instead, after WARM_UP seconds of predictions: {@link
 * SentimentModel#predict} on the same reviews in batches of each client count, in two threads each
 * with half such batches (as two batch threads run them), and one review at a time.
 *
 * <p>Usage: {@code ServeBenchmark client PORT ARCHIVE CLIENTS REQUESTS SECONDS} or {@code
 * ServeBenchmark inprocess MODEL_DIR ARCHIVE REQUESTS WARM_UP}.
 */
public final class ServeBenchmark {
  /** Every 5th test review: both labels, all lengths. */
  private static final int REVIEWS = 5000;

  private ServeBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<String> reviews = reviews(Path.of(args[2]));
    if (args[0].equals("inprocess")) {
      inProcess(Path.of(args[1]), reviews, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    } else {
      clients(
          Integer.parseInt(args[1]),
          reviews,
          Integer.parseInt(args[3]),
          Integer.parseInt(args[4]),
          Integer.parseInt(args[5]));
    }
    System.exit(0); // the clients' pool threads would keep the JVM alive
  }

  private static List<String> reviews(Path archive) {
    List<Review> test = ImdbDataset.read(archive, false).test();
    List<String> drawn = new ArrayList<>();
    for (int i = 0; i < REVIEWS; i++) {
      drawn.add(test.get(i * (test.size() / REVIEWS)).textString());
    }
    return drawn;
  }

  private static void inProcess(
      Path modelDir, List<String> reviews, int requests, int warmUpSeconds) throws Exception {
    try (SentimentModel model = SentimentModel.load(modelDir)) {
      long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUpSeconds);
      do {
        inBatches(model, reviews, 512, 32, 1);
      } while (System.nanoTime() < warmUpEnd);
      for (int batch : new int[] {8, 32, 64}) {
        print(
            "inprocess_batches_of_" + batch + "_reviews_per_second",
            inBatches(model, reviews, requests, batch, 1));
      }
      // Two batches at once, as the server's two batch threads run them.
      for (int batch : new int[] {8, 32}) {
        print(
            "inprocess_two_threads_batches_of_" + batch / 2 + "_reviews_per_second",
            inBatches(model, reviews, requests, batch / 2, 2));
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

  /** Reviews per second of {@code threads} threads predicting the first reviews in batches. */
  private static double inBatches(
      SentimentModel model, List<String> reviews, int requests, int batch, int threads)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      running.add(
          pool.submit(
              () -> {
                for (int from; (from = next.getAndAdd(batch)) < requests; ) {
                  List<String> texts = new ArrayList<>();
                  for (int i = from; i < Math.min(requests, from + batch); i++) {
                    texts.add(reviews.get(i % reviews.size()));
                  }
                  model.predict(texts);
                }
                return null;
              }));
    }
    for (Future<?> done : running) {
      done.get();
    }
    pool.shutdown();
    return requests / seconds(start);
  }

  private static void clients(
      int port, List<String> reviews, int clients, int requests, int seconds) throws Exception {
    List<byte[]> posts = new ArrayList<>();
    for (String review : reviews) {
      byte[] body = TensorJson.JSON.writeValueAsBytes(Map.of("instances", List.of(review)));
      ByteArrayOutputStream post = new ByteArrayOutputStream();
      post.write(
          ("POST /v1/models/textrnn:predict HTTP/1.1\r\nHost: 127.0.0.1:"
                  + port
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      post.write(body);
      posts.add(post.toByteArray());
    }
    // Warm-up: the JIT of both sides (the server's too: the 1-client run comes first).
    run(port, posts, clients, Math.max(300, 8 * clients), 60, new AtomicInteger());
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    List<Double> millis = run(port, posts, clients, requests, seconds, new AtomicInteger());
    double elapsed = seconds(start);
    double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
    double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    print("requests", sorted.length);
    print("reviews_per_second", sorted.length / elapsed);
    print("p50_ms", sorted[sorted.length / 2]);
    print("p99_ms", sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))]);
    print("client_cpu_ms_per_request", 1000 * cpuSeconds / sorted.length);
    print("client_cpu_cores", cpuSeconds / elapsed);
  }

  /** Latencies of the answered requests; any other answer ends the run with an error. */
  private static List<Double> run(
      int port, List<byte[]> posts, int clients, int requests, int seconds, AtomicInteger next)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<List<Double>>> results = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      results.add(
          pool.submit(
              () -> {
                List<Double> latencies = new ArrayList<>();
                try (Connection connection = new Connection(port)) {
                  for (int i;
                      (i = next.getAndIncrement()) < requests && System.nanoTime() < deadline; ) {
                    long one = System.nanoTime();
                    connection.post(posts.get(i % posts.size()));
                    latencies.add((System.nanoTime() - one) / 1e6);
                  }
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

  /** One keep-alive HTTP/1.1 connection to the server; answers must have a Content-Length. */
  private static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Connection(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(60_000);
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      out = socket.getOutputStream();
    }

    /**
     * Sends the request and reads its answer.
     *
     * @throws IllegalStateException for a status other than 200
     */
    void post(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      String status = line();
      int length = -1;
      for (String header; !(header = line()).isEmpty(); ) {
        if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
          length = Integer.parseInt(header.substring(15).strip());
        }
      }
      if (length < 0) {
        throw new IOException("an answer without Content-Length: " + status);
      }
      byte[] body = in.readNBytes(length);
      if (!status.startsWith("HTTP/1.1 200 ")) {
        throw new IllegalStateException(status + ": " + new String(body, StandardCharsets.UTF_8));
      }
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder();
      for (int b; (b = in.read()) != '\n'; ) {
        if (b == -1) {
          throw new IOException("the server closed the connection");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static void print(String key, double value) {
    System.out.printf(Locale.ROOT, "%s %.2f%n", key, value);
  }
}
