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
    String input = args[1];
    String output = args[2];
    String textColumn = args.length >= 4 ? args[3] : "text";
    SparkSession spark = SparkSession.builder().appName("textrnn-score").getOrCreate();
    try {
      long start = System.nanoTime();
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
      if (args.length == 5) {
        transformer.setBatchSize(Integer.parseInt(args[4]));
      }
      Dataset<Row> scored;
      try {
        scored = transformer.transform(texts);
      } catch (IllegalArgumentException e) {
        System.err.println("ScoreJob: " + e.getMessage());
        System.exit(2);
        return;
      }
      scored.write().mode("overwrite").parquet(output);
      double seconds = (System.nanoTime() - start) / 1e9;
      long count = spark.read().parquet(output).count();
      System.out.println("texts " + count);
      System.out.println("partitions " + texts.rdd().getNumPartitions());
      System.out.printf(Locale.ROOT, "seconds %.2f%n", seconds);
      System.out.printf(Locale.ROOT, "texts_per_second %.2f%n", count / seconds);
      System.out.println(
          "model_loads " + ExecutorModels.loads(model, spark.sparkContext().hadoopConfiguration()));
    } finally {
      spark.stop();
    }
  }
}
