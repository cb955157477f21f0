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
      for (Layer<TFloat32> layer : model.layers()) {
        rows.add(
            new String[] {
              layer.name() + " (" + layer.kerasClass() + ")",
              layer.outputShape().toString(),
              String.format(Locale.ROOT, "%,d", layer.parameterCount())
            });
      }
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
}
