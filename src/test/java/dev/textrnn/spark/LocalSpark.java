package dev.textrnn.spark;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** One Spark session in local mode for a test class: two cores, no web UI, loopback only. */
final class LocalSpark {
  private LocalSpark() {}

  static SparkSession start(Path warehouse) {
    return SparkSession.builder()
        .master("local[2]")
        .appName("textrnn-test")
        .config("spark.ui.enabled", false)
        .config("spark.sql.shuffle.partitions", 2)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.warehouse.dir", warehouse.toUri().toString())
        .getOrCreate();
  }
}
