package dev.textrnn.server;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The server's figures in Prometheus's text exposition format (version 0.0.4), at TensorFlow
 * Serving's path {@code /monitoring/prometheus/metrics}: requests by API and HTTP status, a latency
 * histogram of each API, a histogram of the rows of the batches run, and the version served.
 * Written by hand: four metric families do not need a client library.
 */
final class ServingMetrics {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final double[] LATENCY_BOUNDS = {
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30
  };
  private static final double[] BATCH_BOUNDS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

  private final String modelName;
  private final LongSupplier servedVersion;
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, Histogram> latencies = new ConcurrentHashMap<>();
  private final Histogram batchSizes = new Histogram(BATCH_BOUNDS);

  ServingMetrics(String modelName, LongSupplier servedVersion) {
    this.modelName = modelName;
    this.servedVersion = servedVersion;
  }

  /** A request to {@code api} (predict, status, metadata, metrics, …) answered with this status. */
  void request(String api, int status, long nanos) {
    requests.computeIfAbsent(api + "\u0000" + status, key -> new LongAdder()).increment();
    latencies.computeIfAbsent(api, key -> new Histogram(LATENCY_BOUNDS)).observe(nanos / 1e9);
  }

  void batch(int rows) {
    batchSizes.observe(rows);
  }

  byte[] exposition() {
    StringBuilder text = new StringBuilder();
    text.append(
            "# HELP textrnn_serving_requests_total Requests answered, by API and HTTP status.\n")
        .append("# TYPE textrnn_serving_requests_total counter\n");
    new TreeMap<>(requests)
        .forEach(
            (key, count) -> {
              String[] parts = key.split("\u0000");
              text.append(
                  String.format(
                      Locale.ROOT,
                      "textrnn_serving_requests_total{model_name=\"%s\",api=\"%s\",code=\"%s\"} %d%n",
                      modelName,
                      parts[0],
                      parts[1],
                      count.sum()));
            });
    text.append("# HELP textrnn_serving_request_latency_seconds Time from request to answer.\n")
        .append("# TYPE textrnn_serving_request_latency_seconds histogram\n");
    new TreeMap<>(latencies)
        .forEach(
            (api, histogram) ->
                histogram.write(
                    text,
                    "textrnn_serving_request_latency_seconds",
                    "model_name=\"" + modelName + "\",api=\"" + api + "\","));
    text.append("# HELP textrnn_serving_batch_size Rows of each model call the batcher ran.\n")
        .append("# TYPE textrnn_serving_batch_size histogram\n");
    batchSizes.write(text, "textrnn_serving_batch_size", "model_name=\"" + modelName + "\",");
    text.append("# HELP textrnn_serving_model_version The version being served.\n")
        .append("# TYPE textrnn_serving_model_version gauge\n")
        .append(
            String.format(
                Locale.ROOT,
                "textrnn_serving_model_version{model_name=\"%s\"} %d%n",
                modelName,
                servedVersion.getAsLong()));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Cumulative buckets, as Prometheus histograms count them. */
  private static final class Histogram {
    private final double[] bounds;
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();
    private final AtomicLong count = new AtomicLong();

    Histogram(double[] bounds) {
      this.bounds = bounds;
      this.counts = new LongAdder[bounds.length];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    void observe(double value) {
      for (int i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          counts[i].increment();
        }
      }
      sum.add(value);
      count.incrementAndGet();
    }

    void write(StringBuilder text, String name, String labels) {
      for (int i = 0; i < bounds.length; i++) {
        text.append(
            String.format(
                Locale.ROOT,
                "%s_bucket{%sle=\"%s\"} %d%n",
                name,
                labels,
                format(bounds[i]),
                counts[i].sum()));
      }
      String plain = labels.isEmpty() ? "" : labels.substring(0, labels.length() - 1);
      text.append(
              String.format(
                  Locale.ROOT, "%s_bucket{%sle=\"+Inf\"} %d%n", name, labels, count.get()))
          .append(String.format(Locale.ROOT, "%s_sum{%s} %s%n", name, plain, format(sum.sum())))
          .append(String.format(Locale.ROOT, "%s_count{%s} %d%n", name, plain, count.get()));
    }

    private static String format(double value) {
      return value == Math.rint(value) && Math.abs(value) < 1e15
          ? Long.toString((long) value)
          : Double.toString(value);
    }
  }
}
