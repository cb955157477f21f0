package dev.textrnn.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.textrnn.io.AtomicFiles;
import dev.textrnn.io.OutputLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A training run's history (Keras's {@code History.history}), written as history.json, history.csv,
 * the tutorial's two plots, accuracy.png and loss.png, and learning_rate.png.
 */
public final class History {
  private static final String[] COLUMNS = {
    "epoch",
    "loss",
    "accuracy",
    "keras_accuracy",
    "val_loss",
    "val_accuracy",
    "val_keras_accuracy",
    "learning_rate",
    "seconds"
  };
  private final List<EpochRecord> epochs;
  private final Map<String, Object> about;

  /**
   * @param about what produced the run (model, recipe, seed…), written beside the epochs
   */
  public History(List<EpochRecord> epochs, Map<String, Object> about) {
    this.epochs = List.copyOf(epochs);
    this.about = new LinkedHashMap<>(about);
  }

  public List<EpochRecord> epochs() {
    return epochs;
  }

  /**
   * Writes history.json, history.csv, accuracy.png, loss.png and learning_rate.png into {@code
   * folder}, each replaced atomically.
   *
   * @throws dev.textrnn.io.OutputWriteException if the writing fails (a read-only file system, a
   *     full disk, …)
   */
  public void write(Path folder) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("history.json", json().getBytes(StandardCharsets.UTF_8));
    files.put("history.csv", csv().getBytes(StandardCharsets.UTF_8));
    files.put(
        "accuracy.png",
        plot(
            "Training and validation accuracy",
            "Accuracy",
            EpochRecord::accuracy,
            EpochRecord::valAccuracy,
            "accuracy",
            "val_accuracy"));
    files.put(
        "loss.png",
        plot(
            "Training and validation loss",
            "Loss",
            EpochRecord::loss,
            EpochRecord::valLoss,
            "loss",
            "val_loss"));
    files.put("learning_rate.png", learningRatePlot());
    try {
      Files.createDirectories(folder);
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        AtomicFiles.write(folder.resolve(file.getKey()), file.getValue());
      }
    } catch (IOException e) {
      long bytes = files.values().stream().mapToLong(content -> content.length).sum();
      throw OutputLocation.writeFailure(folder, bytes, e);
    }
  }

  String json() {
    Map<String, Object> document = new LinkedHashMap<>(about);
    // Keras's layout: one list per metric.
    Map<String, List<Object>> history = new LinkedHashMap<>();
    for (String column : COLUMNS) {
      history.put(column, new ArrayList<>());
    }
    for (EpochRecord e : epochs) {
      Object[] row = row(e);
      for (int i = 0; i < COLUMNS.length; i++) {
        history.get(COLUMNS[i]).add(row[i]);
      }
    }
    document.put("history", history);
    try {
      return new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(document)
          + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String csv() {
    StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (EpochRecord e : epochs) {
      Object[] row = row(e);
      for (int i = 0; i < row.length; i++) {
        out.append(i == 0 ? "" : ",").append(row[i]);
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static Object[] row(EpochRecord e) {
    return new Object[] {
      e.epoch(),
      e.loss(),
      e.accuracy(),
      e.kerasAccuracy(),
      e.valLoss(),
      e.valAccuracy(),
      e.valKerasAccuracy(),
      e.learningRate(),
      e.seconds()
    };
  }

  /** Each epoch's rate, on a log scale: ReduceLROnPlateau divides it by its factor. */
  private byte[] learningRatePlot() throws IOException {
    XYChart chart = chart("Learning rate", "Learning rate");
    chart.getStyler().setYAxisLogarithmic(true);
    chart
        .addSeries(
            "learning_rate",
            epochs.stream().mapToDouble(EpochRecord::epoch).toArray(),
            epochs.stream().mapToDouble(EpochRecord::learningRate).toArray())
        .setMarker(SeriesMarkers.CIRCLE);
    return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
  }

  private static XYChart chart(String title, String yTitle) {
    return new XYChartBuilder()
        .width(640)
        .height(480)
        .title(title)
        .xAxisTitle("Epochs")
        .yAxisTitle(yTitle)
        .build();
  }

  private byte[] plot(
      String title,
      String yTitle,
      java.util.function.ToDoubleFunction<EpochRecord> training,
      java.util.function.ToDoubleFunction<EpochRecord> validation,
      String trainingName,
      String validationName)
      throws IOException {
    XYChart chart = chart(title, yTitle);
    double[] x = epochs.stream().mapToDouble(EpochRecord::epoch).toArray();
    chart
        .addSeries(trainingName, x, epochs.stream().mapToDouble(training).toArray())
        .setMarker(SeriesMarkers.CIRCLE);
    chart
        .addSeries(validationName, x, epochs.stream().mapToDouble(validation).toArray())
        .setMarker(SeriesMarkers.DIAMOND);
    return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
  }
}
