package dev.textrnn.spark;

import dev.textrnn.data.ImdbDataset;
import dev.textrnn.data.Review;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the 25,000 test reviews of the IMDB archive as Parquet (columns {@code path}, {@code
 * text}, {@code label}: negative or positive), in one file per core, for {@link ScoreJob} to read:
 * {@code ImdbTable ARCHIVE OUTPUT}. The master comes from {@code spark.master}.
 */
public final class ImdbTable {
  private static final StructType SCHEMA =
      new StructType()
          .add("path", DataTypes.StringType, false)
          .add("text", DataTypes.StringType, false)
          .add("label", DataTypes.StringType, false);

  private ImdbTable() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: ImdbTable ARCHIVE OUTPUT (aclImdb_v1.tar.gz, a Parquet folder)");
      System.exit(2);
    }
    List<Row> rows =
        ImdbDataset.read(Path.of(args[0])).test().stream()
            .map(
                review ->
                    RowFactory.create(
                        review.path(),
                        review.textString(),
                        review.label() == Review.POS ? "positive" : "negative"))
            .toList();
    SparkSession spark = SparkSession.builder().appName("textrnn-imdb-table").getOrCreate();
    try {
      JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
      spark
          .createDataFrame(context.parallelize(rows, context.defaultParallelism()), SCHEMA)
          .write()
          .mode("overwrite")
          .parquet(args[1]);
      System.out.println("wrote " + rows.size() + " reviews to " + args[1]);
    } finally {
      spark.stop();
    }
  }
}
