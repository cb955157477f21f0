package dev.textrnn.serving;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.textrnn.data.ImdbDataset;
import dev.textrnn.data.Review;
import dev.textrnn.text.Standardize;
import dev.textrnn.text.TextVectorization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Times inference of a SavedModel on IMDB test reviews, for {@code tools/bench}: throughput in batches of 64
 * through the Java API (Java {@link TextVectorization}, then the {@code predict_ids} signature) and through
 * {@code serving_default} (raw text, vectorized in the graph); then single-review latency through
 * {@code serving_default}.
 *
 * <p>Usage: {@code InferenceBenchmark MODEL_DIR ARCHIVE COUNT LATENCY_COUNT}. The first COUNT test reviews in
 * archive order are timed, the last LATENCY_COUNT one at a time. Prints {@code key value} lines.
 */
public final class InferenceBenchmark {
  private static final int BATCH = 64;

  private InferenceBenchmark() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: InferenceBenchmark MODEL_DIR ARCHIVE COUNT LATENCY_COUNT");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    List<Review> test = ImdbDataset.read(Path.of(args[1]), false).test();
    List<Review> timed = test.subList(0, Integer.parseInt(args[2]));
    List<Review> singles = test.subList(test.size() - Integer.parseInt(args[3]), test.size());
    TextVectorization vectorizer = TextVectorization.load(SavedModelLayout.vocabularyAsset(dir),
        Standardize.LOWER_AND_STRIP_PUNCTUATION);
    try (SentimentModel model = SentimentModel.load(dir)) {
      Consumer<List<Review>> javaApi = batch ->
          model.predictLogits(vectorizer.encodeBatch(batch.stream().map(Review::text).toList()));
      Consumer<List<Review>> servingDefault = batch ->
          model.predict(batch.stream().map(review -> new String(review.text(), UTF_8)).toList());
      inBatches(timed.subList(0, 2 * BATCH), javaApi);  // warm-up
      inBatches(timed.subList(0, 2 * BATCH), servingDefault);
      print("inference_reviews_per_second", timed.size() / seconds(() -> inBatches(timed, javaApi)));
      print("serving_default_reviews_per_second", timed.size() / seconds(() -> inBatches(timed, servingDefault)));

      singles.subList(0, Math.min(20, singles.size())).forEach(review -> model.predict(review.textString()));
      double[] millis = singles.stream()
          .mapToDouble(review -> 1000 * seconds(() -> model.predict(review.textString()))).sorted().toArray();
      print("latency_p50_ms", millis[millis.length / 2]);
      print("latency_p99_ms", millis[Math.min(millis.length - 1, (int) (millis.length * 0.99))]);
    }
  }

  private static void inBatches(List<Review> reviews, Consumer<List<Review>> predict) {
    for (int start = 0; start < reviews.size(); start += BATCH) {
      predict.accept(reviews.subList(start, Math.min(reviews.size(), start + BATCH)));
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
