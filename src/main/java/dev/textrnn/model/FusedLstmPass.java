package dev.textrnn.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.nn.BlockLSTM;
import org.tensorflow.op.nn.BlockLSTMGrad;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/**
 * A bidirectional LSTM layer as TensorFlow's fused kernels, {@code BlockLSTMV2} forward and {@code
 * BlockLSTMGradV2} back. TensorFlow registers no gradient for the kernel outside Python, so {@link
 * #backward} emits the gradient kernel itself.
 *
 * <p>A kernel runs all its rows for the same number of steps. The batch's rows are sorted longest
 * first ({@link TimeLayout}), so they are cut into {@value #ROW_GROUPS} groups, each run for as
 * many steps as its longest row: the padding paid for is that of the group, not of the batch. Each
 * group and direction is one kernel, and the kernels run side by side on TensorFlow's inter-op
 * threads.
 *
 * <p>Masking is done around the kernels. The backward direction reads each row's tokens reversed
 * within the row's extent ({@link TimeLayout#reverse}), so that in both directions a row's tokens
 * come first and its padding after. A row's last state is then its state at step extent−1, which is
 * what Keras keeps; the steps after it are never read. Padding must therefore come after a row's
 * tokens, as the vectorizer writes it: a zero id between tokens is read as a token here, where
 * Keras would skip it.
 *
 * <p>The V2 kernels keep Keras's gate order (i, f, c, o) and want one weight matrix over [x, h]:
 * Keras's kernel stacked on its recurrent kernel, in the graph, so that TensorFlow's gradients
 * split the kernel's weight gradient back onto the two variables.
 */
final class FusedLstmPass<T extends TFloating> implements RecurrentPass<T> {
  static final int ROW_GROUPS = 4;
  private final List<Parameter<T>> parameters;
  private final List<RowGroup<T>> groups = new ArrayList<>();
  private final Operand<T> zeroPeephole; // [u]
  private final Direction<T> forward;
  private final Direction<T> backward;
  private final Operand<T>
      boundary; // [T, B, 2u]: every step's h, each direction in its reading order
  private final Operand<T> output;

  /** Rows [begin, begin + rows) of the sorted batch, run for {@code steps} steps. */
  private record RowGroup<T extends TFloating>(
      Operand<TInt32> begin,
      Operand<TInt32> size,
      Operand<TInt64> steps,
      Operand<TInt32> padding,
      Operand<T> zeroState,
      Operand<TBool> hasRows) {

    /** [T, B, w] → this group's [steps, rows, w] */
    <U extends TFloating> Operand<U> of(Ops tf, Operand<U> timeMajor) {
      return tf.slice(timeMajor, begin, size);
    }
  }

  /**
   * One direction: its input [T, B, in] and each group's part of it, its weights, its kernels (one
   * per row group) and every step's h [T, B, u].
   */
  private record Direction<T extends TFloating>(
      Operand<T> x,
      List<Operand<T>> groupXs,
      Operand<T> w,
      Operand<T> b,
      List<BlockLSTM<T>> kernels,
      Operand<T> h) {}

  /** x [T, B, in] with its rows in the layout's order. */
  FusedLstmPass(
      Ops tf,
      Operand<T> x,
      TimeLayout layout,
      int units,
      RecurrentCell.Weights<T> forwardWeights,
      RecurrentCell.Weights<T> backwardWeights,
      boolean returnSequences,
      List<Parameter<T>> parameters) {
    this.parameters = parameters;
    Operand<TInt32> batch = tf.gather(tf.shape(x), tf.constant(1), tf.constant(0));
    Operand<TInt32> groupCount = tf.constant(ROW_GROUPS);
    // The first row of a group is its longest; an empty group (a batch of fewer rows than groups)
    // and a group of empty rows still run one step, as a kernel needs one.
    Operand<TInt32> extents =
        tf.concat(List.of(layout.extents, tf.constant(new int[] {1})), tf.constant(0));
    for (int g = 0; g < ROW_GROUPS; g++) {
      Operand<TInt32> begin = tf.math.div(tf.math.mul(batch, tf.constant(g)), groupCount);
      Operand<TInt32> end = tf.math.div(tf.math.mul(batch, tf.constant(g + 1)), groupCount);
      Operand<TInt32> rows = tf.math.sub(end, begin);
      Operand<TInt32> steps =
          tf.math.maximum(tf.gather(extents, begin, tf.constant(0)), tf.constant(1));
      Operand<TInt32> zero = tf.constant(0);
      groups.add(
          new RowGroup<>(
              tf.stack(List.of(zero, begin, zero)),
              tf.stack(List.of(steps, rows, tf.constant(-1))),
              tf.dtypes.cast(steps, TInt64.class),
              tf.reshape(
                  tf.stack(List.of(zero, tf.math.sub(layout.steps, steps), zero, zero, zero, zero)),
                  tf.constant(new int[] {3, 2})),
              tf.zeros(tf.stack(List.of(rows, tf.constant(units))), x.type()),
              tf.math.greater(rows, zero)));
    }
    this.zeroPeephole = tf.zeros(tf.constant(new long[] {units}), x.type());
    this.forward = direction(tf, x, forwardWeights);
    this.backward = direction(tf, layout.reverse(tf, x), backwardWeights);
    this.boundary = tf.concat(List.of(forward.h(), backward.h()), tf.constant(-1));

    if (returnSequences) {
      // The backward direction back in input order; masked positions give zeros, as in Keras.
      List<Output<T>> halves = tf.split(tf.constant(-1), boundary, 2L).output();
      Operand<T> inInputOrder =
          tf.concat(
              List.of(halves.get(0), layout.reverse(tf, halves.get(1))),
              tf.constant(-1)); // [T, B, 2u]
      this.output =
          tf.select(tf.expandDims(layout.mask, tf.constant(-1)), inInputOrder, zero(tf, boundary));
    } else {
      // Each row's state at step extent−1; a row without tokens keeps the zero initial state.
      Operand<TInt32> last =
          tf.math.maximum(tf.math.sub(layout.extents, tf.constant(1)), tf.constant(0));
      Operand<TInt32> rows = tf.range(tf.constant(0), batch, tf.constant(1));
      Operand<T> lastStates =
          tf.gatherNd(boundary, tf.stack(List.of(last, rows), Stack.axis(1L))); // [B, 2u]
      Operand<TBool> hasTokens =
          tf.expandDims(tf.math.greater(layout.extents, tf.constant(0)), tf.constant(-1));
      this.output = tf.select(hasTokens, lastStates, zero(tf, boundary));
    }
  }

  @Override
  public Operand<T> output() {
    return output;
  }

  @Override
  public Operand<T> boundary() {
    return boundary;
  }

  @Override
  public GradientSeed backward(Ops tf, Operand<T> dBoundary) {
    List<Output<T>> dH = tf.split(tf.constant(-1), dBoundary, 2L).output(); // each [T, B, u]
    List<Operand<?>> ys = new ArrayList<>();
    List<Operand<?>> dys = new ArrayList<>();
    gradient(tf, forward, dH.get(0), ys, dys);
    gradient(tf, backward, dH.get(1), ys, dys);
    List<Operand<?>> xs = new ArrayList<>();
    parameters.forEach(p -> xs.add(p.variable()));
    return new GradientSeed(ys, dys, xs);
  }

  /** xIn [T, B, in], in the direction's reading order. */
  private Direction<T> direction(Ops tf, Operand<T> xIn, RecurrentCell.Weights<T> weights) {
    // [in + u, 4u]: the kernel over x stacked on the recurrent kernel over h.
    Operand<T> w =
        tf.concat(
            List.of(weights.kernel().variable(), weights.recurrentKernel().variable()),
            tf.constant(0));
    Operand<T> b = tf.identity(weights.bias().variable());
    List<Operand<T>> xs = new ArrayList<>();
    List<BlockLSTM<T>> kernels = new ArrayList<>();
    List<Operand<T>> hs = new ArrayList<>();
    for (RowGroup<T> group : groups) {
      Operand<T> x = group.of(tf, xIn); // [steps, rows, in]
      BlockLSTM<T> lstm =
          tf.nn.blockLSTM(
              group.steps(),
              x,
              group.zeroState(),
              group.zeroState(),
              w,
              zeroPeephole,
              zeroPeephole,
              zeroPeephole,
              b,
              BlockLSTM.cellClip(0f),
              BlockLSTM.usePeephole(false));
      xs.add(x);
      kernels.add(lstm);
      hs.add(tf.pad(lstm.h(), group.padding(), zero(tf, xIn))); // [T, rows, u]
    }
    return new Direction<>(xIn, xs, w, b, kernels, tf.concat(hs, tf.constant(1)));
  }

  /** Adds the direction's inputs and weights to ys, with their gradients to dys. */
  private void gradient(
      Ops tf, Direction<T> d, Operand<T> dH, List<Operand<?>> ys, List<Operand<?>> dys) {
    List<Operand<T>> dX = new ArrayList<>();
    List<Operand<T>> dW = new ArrayList<>();
    List<Operand<T>> dB = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      RowGroup<T> group = groups.get(g);
      BlockLSTM<T> lstm = d.kernels().get(g);
      BlockLSTMGrad<T> grad =
          tf.nn.blockLSTMGrad(
              group.steps(),
              d.groupXs().get(g),
              group.zeroState(),
              group.zeroState(),
              d.w(),
              zeroPeephole,
              zeroPeephole,
              zeroPeephole,
              d.b(),
              lstm.i(),
              lstm.cs(),
              lstm.f(),
              lstm.o(),
              lstm.ci(),
              lstm.co(),
              lstm.h(),
              tf.zerosLike(lstm.cs()),
              group.of(tf, dH),
              false);
      dX.add(tf.pad(grad.xGrad(), group.padding(), zero(tf, dH))); // [T, rows, in]
      // The gradient kernel leaves the weights' gradients unwritten when it has no rows.
      dW.add(tf.select(group.hasRows(), grad.wGrad(), tf.zerosLike(d.w())));
      dB.add(tf.select(group.hasRows(), grad.bGrad(), tf.zerosLike(d.b())));
    }
    // The groups' input gradients are put together here: left to TensorFlow, the gradient of each
    // group's slice would be a zero-padded copy of the whole input, one per group.
    ys.add(d.x());
    dys.add(tf.concat(dX, tf.constant(1)));
    ys.add(d.w());
    dys.add(tf.math.addN(dW));
    ys.add(d.b());
    dys.add(tf.math.addN(dB));
  }

  private static <T extends TFloating> Operand<T> zero(Ops tf, Operand<T> like) {
    return tf.dtypes.cast(tf.constant(0f), like.type());
  }
}
