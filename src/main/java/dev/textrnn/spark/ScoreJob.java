package dev.textrnn.spark;

import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark job that scores a table of texts: {@code ScoreJob MODEL INPUT OUTPUT [TEXT_COLUMN
 * [BATCH_SIZE]]} reads INPUT (Parquet, or a CSV file with a header when it ends in {@code .csv}),
 * appends {@link TextClassifierTransformer}'s columns and writes OUTPUT as Parquet. MODEL, INPUT
 * and OUTPUT are paths of any Hadoop file system; the master comes from {@code spark-submit} or
 * {@code spark.master}. Prints {@code key value} lines: the texts, the job's seconds (reading,
 * loading the model, scoring, writing), texts per second, and the model loads of this JVM (in local
 * mode, the executor's).
 */
public final class ScoreJob {
  private ScoreJob() {}

  public static void main(String[] args) {
    if (args.length < 3 || args.length > 5) {
      System.err.println("usage: ScoreJob MODEL INPUT OUTPUT [TEXT_COLUMN [BATCH_SIZE]]");
      System.exit(2);
    }
    String model = args[0];
    SparkSession spark = SparkSession.builder().appName("textrnn-score").getOrCreate();
    try {
      long start = System.nanoTime();
      long count;
      try {
        count =
            score(
                spark,
                model,
                args[1],
                args[2],
                args.length >= 4 ? args[3] : "text",
                args.length == 5 ? Integer.parseInt(args[4]) : 0);
      } catch (IllegalArgumentException e) {
        System.err.println("ScoreJob: " + e.getMessage());
        System.exit(2);
        return;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.println("texts " + count);
      System.out.printf(Locale.ROOT, "seconds %.2f%n", seconds);
      System.out.printf(Locale.ROOT, "texts_per_second %.2f%n", count / seconds);
      System.out.println(
          "model_loads " + ExecutorModels.loads(model, spark.sparkContext().hadoopConfiguration()));
    } finally {
      spark.stop();
    }
  }

  /**
   * Reads {@code input}, scores its {@code textColumn} with the model and writes {@code output}
   * (replacing it).
   *
   * @param batchSize the transformer's batchSize, or 0 for its default
   * @return the rows written
   * @throws IllegalArgumentException naming the param or column that is wrong, before any task
   */
  static long score(
      SparkSession spark,
      String model,
      String input,
      String output,
      String textColumn,
      int batchSize) {
    Dataset<Row> texts =
        input.endsWith(".csv")
            ? spark
                .read()
                .option("header", true)
                .option("multiLine", true)
                .option("escape", "\"")
                .csv(input)
            : spark.read().parquet(input);
    TextClassifierTransformer transformer =
        new TextClassifierTransformer().setModelPath(model).setInputCol(textColumn);
    if (batchSize > 0) {
      transformer.setBatchSize(batchSize);
    }
    transformer.transform(texts).write().mode("overwrite").parquet(output);
    return spark.read().parquet(output).count();
  }
}
