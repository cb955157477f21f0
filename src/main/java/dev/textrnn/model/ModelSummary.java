package dev.textrnn.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code model.summary()}: layer, output shape and parameters, counted from the real graph.
 */
public final class ModelSummary {
  private ModelSummary() {}

  /** One row per layer, then the totals; the last line is {@code Total params: N}. */
  public static String of(ModelConfig config) {
    try (Graph graph = new Graph()) {
      TextClassifier<TFloat32> model =
          new TextClassifier<>(Ops.create(graph), config, TFloat32.class, 0);
      List<String[]> rows = new ArrayList<>();
      rows.add(
          row(
              "embedding (Embedding)",
              "(None, None, " + config.embeddingDim() + ")",
              count(model, "embedding")));
      List<Integer> units = config.recurrentUnits();
      for (int i = 0; i < units.size(); i++) {
        String name = i == 0 ? "bidirectional" : "bidirectional_" + i;
        String shape =
            i < units.size() - 1
                ? "(None, None, " + 2 * units.get(i) + ")"
                : "(None, " + 2 * units.get(i) + ")";
        rows.add(row(name + " (Bidirectional)", shape, count(model, name)));
      }
      rows.add(row("dense (Dense)", "(None, " + config.denseUnits() + ")", count(model, "dense")));
      if (config.dropoutRate() > 0) {
        rows.add(row("dropout (Dropout)", "(None, " + config.denseUnits() + ")", 0));
      }
      rows.add(row("dense_1 (Dense)", "(None, 1)", count(model, "dense_1")));
      String format = "%-32s %-22s %12s%n";
      String rule = "=".repeat(68) + "\n";
      StringBuilder out =
          new StringBuilder(
              String.format(Locale.ROOT, format, "Layer (type)", "Output Shape", "Param #"));
      out.append(rule);
      for (String[] r : rows) {
        out.append(String.format(Locale.ROOT, format, (Object[]) r));
      }
      out.append(rule);
      out.append(String.format(Locale.ROOT, "Trainable params: %,d%n", model.parameterCount()));
      out.append(String.format(Locale.ROOT, "Total params: %,d%n", model.parameterCount()));
      return out.toString();
    }
  }

  private static long count(TextClassifier<TFloat32> model, String layer) {
    return model.parameters().stream()
        .filter(p -> p.name().startsWith(layer + "/"))
        .mapToLong(Parameter::size)
        .sum();
  }

  private static String[] row(String layer, String shape, long parameters) {
    return new String[] {layer, shape, String.format(Locale.ROOT, "%,d", parameters)};
  }
}
