package dev.textrnn.spark;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Times {@link ScoreJob#score} twice in one Spark session, for {@code tools/spark-bench}: the first
 * job pays the model's load and the JIT's warm-up, the second only what Spark adds to scoring
 * (reading and writing Parquet, tasks, rows in and out), the part that {@code
 * SentimentModel.predict}'s figure, model load and warm-up excluded, leaves out too.
 *
 * <p>Usage: {@code ScoreJobBenchmark MODEL INPUT OUTPUT [BATCH_SIZE]}. Prints {@code key value}
 * lines.
 */
public final class ScoreJobBenchmark {
  private ScoreJobBenchmark() {}

  public static void main(String[] args) {
    String model = args[0];
    int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    SparkSession spark = SparkSession.builder().appName("textrnn-score-benchmark").getOrCreate();
    try {
      for (String job : new String[] {"first_job", "second_job"}) {
        long start = System.nanoTime();
        long texts = ScoreJob.score(spark, model, args[1], args[2], "text", batchSize);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s_seconds %.2f%n", job, seconds);
        System.out.printf(Locale.ROOT, "%s_texts_per_second %.2f%n", job, texts / seconds);
      }
      System.out.println(
          "model_loads " + ExecutorModels.loads(model, spark.sparkContext().hadoopConfiguration()));
    } finally {
      spark.stop();
    }
  }
}
