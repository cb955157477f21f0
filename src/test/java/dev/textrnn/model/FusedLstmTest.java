package dev.textrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
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
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The fused kernels against the while loops (themselves checked against finite differences and
 * Keras): the same logits and the same gradient of every weight, with random weights, on rows of
 * every kind of length: empty, one token, the full length.
 */
class FusedLstmTest {
  private static final int STEPS = 9;

  /**
   * Both models, on a batch of more rows than the fused pass has row groups and on one of fewer.
   */
  static Stream<Arguments> cases() {
    int[] many = {9, 0, 3, 1, 9, 4, 7};
    int[] few = {6, 0};
    assertTrue(many.length > FusedLstmPass.ROW_GROUPS && few.length < FusedLstmPass.ROW_GROUPS);
    return Stream.of(Architecture.values())
        .flatMap(a -> Stream.of(Arguments.of(a, many), Arguments.of(a, few)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void fusedKernelsComputeWhatTheLoopsCompute(Architecture architecture, int[] lengths) {
    ModelConfig config = config(architecture);
    SplittableRandom random = new SplittableRandom(7);
    long[] ids = new long[lengths.length * STEPS];
    for (int row = 0; row < lengths.length; row++) {
      for (int t = 0; t < lengths[row]; t++) {
        ids[row * STEPS + t] = random.nextInt(1, 30);
      }
    }
    Map<String, float[]> loop =
        logitsAndGradients(config, RnnImplementation.LOOP, lengths.length, ids);
    Map<String, float[]> fused =
        logitsAndGradients(config, RnnImplementation.FUSED, lengths.length, ids);

    assertEquals(loop.keySet(), fused.keySet());
    for (String name : loop.keySet()) {
      float[] expected = loop.get(name);
      float[] actual = fused.get(name);
      double scale = 0;
      for (float v : expected) {
        scale = Math.max(scale, Math.abs(v));
      }
      assertTrue(scale > 0, name + " is all zeros: the comparison would prove nothing");
      for (int j = 0; j < expected.length; j++) {
        assertEquals(expected[j], actual[j], 1e-5 * Math.max(1, scale), name + "[" + j + "]");
      }
    }
  }

  /**
   * The serving graph's inference pass on the fused kernels, given ids 0-padded anywhere (as a
   * predict_ids client may send them: in front, as Keras's pad_sequences pads, or between tokens):
   * the loops' logits, which skip every masked position as Keras does.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Architecture.class)
  void fusedInferenceReadsTokensWhereverThePaddingIs(Architecture architecture) {
    ModelConfig config = config(architecture);
    long[][] rows = {
      {0, 0, 0, 5, 9, 2, 7, 3, 8}, // padded in front
      {4, 0, 6, 0, 0, 11, 0, 2, 0}, // zeros between tokens
      {12, 13, 14, 0, 0, 0, 0, 0, 0}, // padded after
      {0, 0, 0, 0, 0, 0, 0, 0, 0}, // no tokens
      {0, 21, 22, 23, 24, 25, 26, 27, 28}
    };
    long[] ids = Arrays.stream(rows).flatMapToLong(Arrays::stream).toArray();
    float[] loop = inferenceLogits(config, RnnImplementation.LOOP, rows.length, ids);
    float[] fused = inferenceLogits(config, RnnImplementation.FUSED, rows.length, ids);
    for (int j = 0; j < loop.length; j++) {
      assertEquals(loop[j], fused[j], 1e-6, "logits[" + j + "]");
    }
  }

  private static float[] inferenceLogits(
      ModelConfig config, RnnImplementation rnn, int rows, long[] ids) {
    try (Graph graph = new Graph();
        Session session = new Session(graph);
        TInt64 idsTensor =
            TInt64.tensorOf(Shape.of(rows, STEPS), DataBuffers.of(ids, true, false))) {
      Ops tf = Ops.create(graph);
      TextClassifier<TFloat32> model = new TextClassifier<>(tf, config, TFloat32.class, 3);
      Placeholder<TInt64> idsFeed = tf.placeholder(TInt64.class);
      Operand<TFloat32> logits = model.forward(tf, idsFeed, rnn).logits();
      ParameterValues<TFloat32> values = new ParameterValues<>(tf, model.parameters());
      session.initialize();
      values.write(session, randomWeights(model));
      try (Result outputs = session.runner().feed(idsFeed, idsTensor).fetch(logits).run()) {
        double[] wide = ParameterValues.toDoubles(outputs.get(0));
        float[] narrow = new float[wide.length];
        for (int j = 0; j < wide.length; j++) {
          narrow[j] = (float) wide[j];
        }
        return narrow;
      }
    }
  }

  /** Random weights everywhere, so that zero biases or the forget bias of one hide nothing. */
  private static Map<String, double[]> randomWeights(TextClassifier<TFloat32> model) {
    SplittableRandom weightsRandom = new SplittableRandom(11);
    Map<String, double[]> weights = new LinkedHashMap<>();
    for (Parameter<TFloat32> p : model.parameters()) {
      weights.put(p.name(), weightsRandom.doubles(p.size(), -0.6, 0.6).toArray());
    }
    return weights;
  }

  private static ModelConfig config(Architecture architecture) {
    return new ModelConfig(
        30,
        8,
        CellType.LSTM,
        architecture == Architecture.DEFAULT ? List.of(6) : List.of(6, 5),
        7,
        0.0);
  }

  /** "logits" and each parameter's gradient, with random weights, the same on every call. */
  private static Map<String, float[]> logitsAndGradients(
      ModelConfig config, RnnImplementation rnn, int rows, long[] ids) {
    float[] labels = new float[rows];
    for (int i = 0; i < rows; i += 2) {
      labels[i] = 1;
    }
    try (Graph graph = new Graph();
        Session session = new Session(graph);
        TInt64 idsTensor =
            TInt64.tensorOf(Shape.of(rows, STEPS), DataBuffers.of(ids, true, false));
        TFloat32 labelsTensor =
            TFloat32.tensorOf(Shape.of(rows), DataBuffers.of(labels, true, false))) {
      Ops tf = Ops.create(graph);
      TextClassifier<TFloat32> model = new TextClassifier<>(tf, config, TFloat32.class, 3);
      Placeholder<TInt64> idsFeed = tf.placeholder(TInt64.class);
      Placeholder<TFloat32> labelsFeed = tf.placeholder(TFloat32.class);
      TextClassifier<TFloat32>.Forward forward =
          model.forward(
              tf,
              idsFeed,
              new Dropout.Training<>(tf.constant(0f), tf.constant(new long[] {0, 0})),
              rnn);
      Operand<TFloat32> loss = model.head().loss(tf, labelsFeed, forward.logits());
      List<String> names = new ArrayList<>(List.of("logits"));
      List<Output<?>> fetches = new ArrayList<>(List.of(forward.logits().asOutput()));
      forward
          .gradients(tf, loss)
          .forEach(
              (p, g) -> {
                names.add(p.name());
                fetches.add(g);
              });
      ParameterValues<TFloat32> values = new ParameterValues<>(tf, model.parameters());
      session.initialize();
      values.write(session, randomWeights(model));

      Session.Runner runner =
          session.runner().feed(idsFeed, idsTensor).feed(labelsFeed, labelsTensor);
      fetches.forEach(runner::fetch);
      Map<String, float[]> result = new LinkedHashMap<>();
      try (Result outputs = runner.run()) {
        for (int i = 0; i < fetches.size(); i++) {
          double[] wide = ParameterValues.toDoubles(outputs.get(i));
          float[] narrow = new float[wide.length];
          for (int j = 0; j < wide.length; j++) {
            narrow[j] = (float) wide[j];
          }
          result.put(names.get(i), narrow);
        }
      }
      return result;
    }
  }
}
