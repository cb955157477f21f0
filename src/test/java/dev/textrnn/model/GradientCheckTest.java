package dev.textrnn.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;

/**
 * The hand-written backward loops against central finite differences, in float64, on a batch whose
 * rows have every kind of length: empty, one token, the full length; under the tutorial's two-class
 * head and under a three-class softmax head, each with its own loss.
 */
class GradientCheckTest {
  private static final int[] LENGTHS = {6, 0, 3, 1, 6, 4};
  private static final int STEPS = 6;
  private static final double EPSILON = 1e-5;

  static Stream<Arguments> models() {
    return Stream.of(2, 3)
        .flatMap(
            classes ->
                Stream.of(Architecture.values())
                    .flatMap(
                        a -> Stream.of(CellType.values()).map(c -> Arguments.of(a, c, classes))));
  }

  @ParameterizedTest(name = "{0} {1}, {2} classes")
  @MethodSource("models")
  void everyGradientMatchesFiniteDifferences(
      Architecture architecture, CellType cell, int classes) {
    ModelConfig config =
        new ModelConfig(
                12,
                4,
                cell,
                architecture == Architecture.DEFAULT ? List.of(3) : List.of(3, 2),
                5,
                0.0)
            .withClasses(classes);
    SplittableRandom random = new SplittableRandom(42);
    long[] ids = new long[LENGTHS.length * STEPS];
    for (int row = 0; row < LENGTHS.length; row++) {
      for (int t = 0; t < LENGTHS[row]; t++) {
        ids[row * STEPS + t] = random.nextInt(1, 12);
      }
    }
    double[] labels =
        classes == 2 ? new double[] {1, 0, 1, 1, 0, 0} : new double[] {2, 0, 1, 2, 1, 0};

    try (Graph graph = new Graph();
        Session session = new Session(graph);
        TInt64 idsTensor =
            TInt64.tensorOf(Shape.of(LENGTHS.length, STEPS), DataBuffers.of(ids, true, false));
        TFloat64 labelsTensor =
            TFloat64.tensorOf(Shape.of(LENGTHS.length), DataBuffers.of(labels, true, false))) {
      Ops tf = Ops.create(graph);
      TextClassifier<TFloat64> model = new TextClassifier<>(tf, config, TFloat64.class, 3);
      Placeholder<TInt64> idsFeed = tf.placeholder(TInt64.class);
      Placeholder<TFloat64> labelsFeed = tf.placeholder(TFloat64.class);
      // A training pass (it keeps what the way back needs) with dropout off.
      TextClassifier<TFloat64>.Forward forward =
          model.forward(
              tf,
              idsFeed,
              new Dropout.Training<>(tf.constant(0.0), tf.constant(new long[] {0, 0})));
      Operand<TFloat64> loss = model.head().loss(tf, labelsFeed, forward.logits());
      Map<Parameter<TFloat64>, Output<TFloat64>> gradients = forward.gradients(tf, loss);
      ParameterValues<TFloat64> values = new ParameterValues<>(tf, model.parameters());
      session.initialize();

      // Random weights everywhere, so that zero biases or the forget bias of one hide nothing.
      Map<String, double[]> weights = new LinkedHashMap<>();
      for (Parameter<TFloat64> p : model.parameters()) {
        weights.put(p.name(), random.doubles(p.size(), -0.6, 0.6).toArray());
      }
      values.write(session, weights);

      Session.Runner runner =
          session.runner().feed(idsFeed, idsTensor).feed(labelsFeed, labelsTensor);
      List<Parameter<TFloat64>> order = new ArrayList<>(gradients.keySet());
      order.forEach(p -> runner.fetch(gradients.get(p)));
      Map<String, double[]> analytic = new LinkedHashMap<>();
      try (Result result = runner.run()) {
        for (int i = 0; i < order.size(); i++) {
          analytic.put(order.get(i).name(), ParameterValues.toDoubles(result.get(i)));
        }
      }

      for (Parameter<TFloat64> p : model.parameters()) {
        double[] w = weights.get(p.name()).clone();
        double[] numeric = new double[w.length];
        for (int i = 0; i < w.length; i++) {
          double original = w[i];
          w[i] = original + EPSILON;
          double plus =
              evaluate(
                  session, values, p.name(), w, loss, idsFeed, idsTensor, labelsFeed, labelsTensor);
          w[i] = original - EPSILON;
          double minus =
              evaluate(
                  session, values, p.name(), w, loss, idsFeed, idsTensor, labelsFeed, labelsTensor);
          w[i] = original;
          numeric[i] = (plus - minus) / (2 * EPSILON);
        }
        values.write(session, Map.of(p.name(), w));
        double error = relativeError(analytic.get(p.name()), numeric);
        assertTrue(error <= 1e-6, p.name() + ": relative error " + error);
      }
    }
  }

  private static double evaluate(
      Session session,
      ParameterValues<TFloat64> values,
      String name,
      double[] w,
      Operand<TFloat64> loss,
      Placeholder<TInt64> idsFeed,
      TInt64 ids,
      Placeholder<TFloat64> labelsFeed,
      TFloat64 labels) {
    values.write(session, Map.of(name, w));
    try (Result result =
        session.runner().feed(idsFeed, ids).feed(labelsFeed, labels).fetch(loss).run()) {
      return ((TFloat64) result.get(0)).getDouble();
    }
  }

  /** ‖a − n‖ / (‖a‖ + ‖n‖), the usual relative error of a whole gradient. */
  private static double relativeError(double[] analytic, double[] numeric) {
    double diff = 0, a = 0, n = 0;
    for (int i = 0; i < analytic.length; i++) {
      diff += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
      a += analytic[i] * analytic[i];
      n += numeric[i] * numeric[i];
    }
    double scale = Math.sqrt(a) + Math.sqrt(n);
    return scale == 0 ? 0 : Math.sqrt(diff) / scale;
  }
}
