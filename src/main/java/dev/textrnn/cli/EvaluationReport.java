package dev.textrnn.cli;

import dev.textrnn.train.ConfusionMatrix;
import dev.textrnn.train.Metrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code evaluate} reports, under the model's class names: loss, accuracy (and Keras's, for
 * two classes), each class's precision, recall, F1 and support, the macro F1 and the confusion
 * matrix, as one JSON object or as lines for a terminal.
 */
final class EvaluationReport {
  private final List<String> classNames;
  private final Metrics metrics;
  private final ConfusionMatrix confusion;

  EvaluationReport(List<String> classNames, Metrics metrics) {
    this.classNames = classNames;
    this.metrics = metrics;
    this.confusion = metrics.confusionMatrix();
  }

  /**
   * loss, accuracy, keras_accuracy (two classes: the tutorial's Keras metric on its one logit),
   * per_class {name: {precision, recall, f1, support}}, macro_f1, confusion_matrix {labels,
   * matrix}.
   */
  Map<String, Object> json() {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("loss", metrics.loss());
    figures.put("accuracy", metrics.accuracy());
    if (classNames.size() == 2) {
      figures.put("keras_accuracy", metrics.kerasAccuracy());
    }
    Map<String, Object> perClass = new LinkedHashMap<>();
    for (int c = 0; c < classNames.size(); c++) {
      Map<String, Object> figuresOfClass = new LinkedHashMap<>();
      figuresOfClass.put("precision", confusion.precision(c));
      figuresOfClass.put("recall", confusion.recall(c));
      figuresOfClass.put("f1", confusion.f1(c));
      figuresOfClass.put("support", confusion.support(c));
      perClass.put(classNames.get(c), figuresOfClass);
    }
    figures.put("per_class", perClass);
    figures.put("macro_f1", confusion.macroF1());
    Map<String, Object> matrix = new LinkedHashMap<>();
    matrix.put("labels", classNames);
    matrix.put("matrix", confusion.counts());
    figures.put("confusion_matrix", matrix);
    return figures;
  }

  /** "loss: 0.3163 - accuracy: 0.8623 - keras_accuracy: 0.8580 - macro_f1: 0.8622" */
  String summary() {
    return "loss: "
        + figure(metrics.loss())
        + " - accuracy: "
        + figure(metrics.accuracy())
        + (classNames.size() == 2 ? " - keras_accuracy: " + figure(metrics.kerasAccuracy()) : "")
        + " - macro_f1: "
        + figure(confusion.macroF1());
  }

  /** Each class's figures, one row a class, then the confusion matrix, rows the true classes. */
  List<String> table() {
    int nameWidth = Math.max("class".length(), longest(classNames));
    String classRow = "%-" + nameWidth + "s  %9s  %6s  %6s  %9s";
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(Locale.ROOT, classRow, "class", "precision", "recall", "f1", "support"));
    for (int c = 0; c < classNames.size(); c++) {
      lines.add(
          String.format(
              Locale.ROOT,
              classRow,
              classNames.get(c),
              figure(confusion.precision(c)),
              figure(confusion.recall(c)),
              figure(confusion.f1(c)),
              count(confusion.support(c))));
    }
    lines.add("");
    lines.add("confusion matrix (rows: true class, columns: predicted class)");
    long[][] counts = confusion.counts();
    int cellWidth = longest(classNames);
    for (long[] row : counts) {
      for (long n : row) {
        cellWidth = Math.max(cellWidth, count(n).length());
      }
    }
    String name = "%-" + nameWidth + "s";
    String cell = "  %" + cellWidth + "s";
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, name, ""));
    classNames.forEach(predicted -> header.append(String.format(Locale.ROOT, cell, predicted)));
    lines.add(header.toString());
    for (int t = 0; t < counts.length; t++) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, name, classNames.get(t)));
      for (long n : counts[t]) {
        row.append(String.format(Locale.ROOT, cell, count(n)));
      }
      lines.add(row.toString());
    }
    return lines;
  }

  private static String figure(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static int longest(List<String> values) {
    return values.stream().mapToInt(String::length).max().orElse(0);
  }
}
