package dev.textrnn.spark;

import dev.textrnn.serving.Prediction;
import dev.textrnn.serving.SentimentModel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Scores one partition: what a task carries to its executor (the model's path and the Hadoop
 * configuration, never the model). The rows are taken {@code batchSize} at a time (fewer when their
 * texts reach {@link #MAX_BATCH_CHARACTERS}); {@link SentimentModel#predict(List)} sorts each batch
 * by length and runs it in runs of similar lengths, and gives the predictions back in the batch's
 * order, so every row comes out in its place with the label, its probability and every class's
 * probability appended.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /**
   * A batch ends at this many characters of text, whatever {@code batchSize}: a partition of long
   * documents holds at most some 64 MB of them at once (besides the one text that crosses it).
   */
  static final long MAX_BATCH_CHARACTERS = 32L << 20;

  private final String modelPath;
  private final HadoopConfiguration configuration;
  private final int textIndex;
  private final int batchSize;

  PartitionScorer(
      String modelPath, HadoopConfiguration configuration, int textIndex, int batchSize) {
    this.modelPath = modelPath;
    this.configuration = configuration;
    this.textIndex = textIndex;
    this.batchSize = batchSize;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return new Iterator<>() {
      private final List<Row> batch = new ArrayList<>(batchSize);
      private List<Prediction> predictions = List.of();
      private int next;

      @Override
      public boolean hasNext() {
        if (next == batch.size()) {
          scoreNextBatch(rows);
        }
        return next < batch.size();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row row = batch.get(next);
        Prediction prediction = predictions.get(next++);
        return withPrediction(row, prediction);
      }

      private void scoreNextBatch(Iterator<Row> rows) {
        batch.clear();
        next = 0;
        long characters = 0;
        while (batch.size() < batchSize && characters < MAX_BATCH_CHARACTERS && rows.hasNext()) {
          Row row = rows.next();
          batch.add(row);
          characters += row.isNullAt(textIndex) ? 0 : row.getString(textIndex).length();
        }
        if (!batch.isEmpty()) { // an empty partition never loads the model
          predictions =
              ExecutorModels.get(modelPath, configuration)
                  .predict(batch.stream().map(PartitionScorer.this::text).toList());
        }
      }
    };
  }

  /** A null text is scored as the empty text, which {@code predict} scores as any other. */
  private String text(Row row) {
    return row.isNullAt(textIndex) ? "" : row.getString(textIndex);
  }

  private static Row withPrediction(Row row, Prediction prediction) {
    int width = row.length();
    Object[] values = new Object[width + 3];
    for (int i = 0; i < width; i++) {
      values[i] = row.get(i);
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    prediction.scores().forEach((label, score) -> scores.put(label, score.doubleValue()));
    values[width] = prediction.label();
    values[width + 1] = (double) prediction.probability();
    values[width + 2] = CollectionConverters.asScala(scores);
    return RowFactory.create(values);
  }
}
