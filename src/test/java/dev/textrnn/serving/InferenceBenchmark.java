package dev.textrnn.serving;

import dev.textrnn.data.ImdbDataset;
import dev.textrnn.data.Review;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Times inference of a SavedModel on IMDB test reviews, for {@code tools/bench}: throughput through
 * the Java API given all the reviews at once ({@link SentimentModel#predict(List)} runs them in
 * batches of similar length), and given batches of 64 in archive order (as Keras's {@code predict}
 * takes them); then single-review latency.
 *
 * <p>Usage: {@code InferenceBenchmark MODEL_DIR ARCHIVE COUNT LATENCY_COUNT}. The first COUNT test
 * reviews in archive order are timed, the last LATENCY_COUNT one at a time. Prints {@code key
 * value} lines.
 */
public final class InferenceBenchmark {
  private static final int BATCH = 64;

  private InferenceBenchmark() {}

  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: InferenceBenchmark MODEL_DIR ARCHIVE COUNT LATENCY_COUNT");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    List<Review> test = ImdbDataset.read(Path.of(args[1]), false).test();
    List<Review> timed = test.subList(0, Integer.parseInt(args[2]));
    List<Review> singles = test.subList(test.size() - Integer.parseInt(args[3]), test.size());
    try (SentimentModel model = SentimentModel.load(dir)) {
      List<String> texts = timed.stream().map(Review::textString).toList();
      model.predict(texts.subList(0, 2 * BATCH)); // warm-up
      print("inference_reviews_per_second", texts.size() / seconds(() -> model.predict(texts)));
      print(
          "serving_default_reviews_per_second",
          texts.size() / seconds(() -> inBatches(texts, model::predict)));

      singles
          .subList(0, Math.min(20, singles.size()))
          .forEach(review -> model.predict(review.textString()));
      double[] millis =
          singles.stream()
              .mapToDouble(review -> 1000 * seconds(() -> model.predict(review.textString())))
              .sorted()
              .toArray();
      print("latency_p50_ms", millis[millis.length / 2]);
      print("latency_p99_ms", millis[Math.min(millis.length - 1, (int) (millis.length * 0.99))]);
    }
  }

  private static void inBatches(List<String> texts, Consumer<List<String>> predict) {
    for (int start = 0; start < texts.size(); start += BATCH) {
      predict.accept(texts.subList(start, Math.min(texts.size(), start + BATCH)));
    }
  }

  private static double seconds(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static void print(String key, double value) {
    System.out.printf(Locale.ROOT, "%s %.2f%n", key, value);
  }
}
