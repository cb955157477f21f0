package dev.textrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;

/**
 * Initial values drawn as Keras draws them (keras/src/layers/core/embedding.py: uniform(-0.05,
 * 0.05); layers/rnn/lstm.py and gru.py: glorot_uniform kernels, orthogonal recurrent kernels, zero
 * biases, LSTM forget bias 1).
 */
class InitialValuesTest {

  @Test
  void tutorialModelStartsWithKerasDistributions() {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      TextClassifier<TFloat64> model =
          new TextClassifier<>(tf, ModelConfig.tutorial(), TFloat64.class, 42);
      ParameterValues<TFloat64> values = new ParameterValues<>(tf, model.parameters());
      session.initialize();
      Map<String, double[]> w = values.read(session);

      assertUniform(w.get("embedding/embeddings"), 0.05);
      assertUniform(w.get("bidirectional/forward_lstm/kernel"), Math.sqrt(6.0 / (64 + 256)));
      assertUniform(w.get("dense/kernel"), Math.sqrt(6.0 / (128 + 64)));
      assertUniform(w.get("dense_1/kernel"), Math.sqrt(6.0 / (64 + 1)));
      assertOrthogonalRows(w.get("bidirectional/backward_lstm/recurrent_kernel"), 64, 256);
      double[] bias = w.get("bidirectional/forward_lstm/bias");
      for (int i = 0; i < bias.length; i++) {
        assertEquals(i >= 64 && i < 128 ? 1.0 : 0.0, bias[i], "unit forget bias at " + i);
      }
      assertEquals(0.0, max(w.get("dense/bias")));
    }
  }

  /** Inside [−limit, limit], centred, with the uniform's standard deviation limit/√3. */
  private static void assertUniform(double[] values, double limit) {
    double sum = 0;
    double squares = 0;
    for (double v : values) {
      assertTrue(Math.abs(v) <= limit, v + " outside ±" + limit);
      sum += v;
      squares += v * v;
    }
    double mean = sum / values.length;
    double std = Math.sqrt(squares / values.length - mean * mean);
    assertEquals(0.0, mean, 4 * limit / Math.sqrt(3 * values.length), "mean");
    // The sample standard deviation of n uniform draws varies by about σ·√(0.2/n); allow four
    // times.
    assertEquals(
        limit / Math.sqrt(3),
        std,
        4 * Math.sqrt(0.2 / values.length) * limit / Math.sqrt(3),
        "standard deviation");
  }

  /** A wide [rows, cols] orthogonal matrix has orthonormal rows: W·Wᵀ = I. */
  private static void assertOrthogonalRows(double[] w, int rows, int cols) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < rows; j++) {
        double dot = 0;
        for (int k = 0; k < cols; k++) {
          dot += w[i * cols + k] * w[j * cols + k];
        }
        assertEquals(i == j ? 1.0 : 0.0, dot, 1e-9, "row " + i + " · row " + j);
      }
    }
  }

  private static double max(double[] values) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
