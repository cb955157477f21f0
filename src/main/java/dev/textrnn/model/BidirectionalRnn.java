package dev.textrnn.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.TensorArray;
import org.tensorflow.op.core.TensorArrayConcat;
import org.tensorflow.op.core.TensorArrayGather;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TType;

/**
 * Keras {@code Bidirectional(RNN(units))} over a masked input, as TensorFlow while loops that run
 * exactly as many steps as the batch is long.
 *
 * <p>Both directions run in one loop: step t feeds the forward direction position t and the
 * backward direction position extent−1−t of each row, so every per-step tensor carries a direction
 * axis of size 2. A masked position leaves the states unchanged, exactly as Keras: padding never
 * changes a result. Only rows that still have tokens are computed at a step (see {@link
 * TimeLayout}); tensors are time-major ([time, batch, …]).
 *
 * <p>TensorFlow cannot differentiate these loops, so the gradient is built by hand: the forward
 * loop stores one record per step in a TensorArray and {@link Pass#backward} runs a reverse loop
 * over them (back-propagation through time), accumulating the recurrent kernel's gradient as it
 * goes. The input projection around the loops is left to TensorFlow's own gradients.
 */
public final class BidirectionalRnn<T extends TFloating> {
  private final RecurrentCell<T> cell;
  private final RecurrentCell.Weights<T> forwardWeights;
  private final RecurrentCell.Weights<T> backwardWeights;
  private final boolean returnSequences;
  private final Class<T> dtype;

  /** The index-th bidirectional layer of a model (0 for the first), named as Keras names it. */
  public BidirectionalRnn(
      ParameterFactory<T> parameters,
      int index,
      RecurrentCell<T> cell,
      int inputs,
      boolean returnSequences) {
    String suffix = index == 0 ? "" : "_" + index;
    String kind = cell instanceof LstmCell ? "lstm" : "gru";
    this.cell = cell;
    this.forwardWeights =
        cell.createWeights(
            parameters, "bidirectional" + suffix + "/forward_" + kind + suffix, inputs);
    this.backwardWeights =
        cell.createWeights(
            parameters, "bidirectional" + suffix + "/backward_" + kind + suffix, inputs);
    this.returnSequences = returnSequences;
    this.dtype = parameters.dtype();
  }

  /** Forward weights, then backward weights (Keras's order). */
  public List<Parameter<T>> parameters() {
    List<Parameter<T>> all = new ArrayList<>(forwardWeights.all());
    all.addAll(backwardWeights.all());
    return all;
  }

  public int outputWidth() {
    return 2 * cell.units();
  }

  /**
   * Builds the forward pass. x [time, batch, inputs] with its rows in the layout's order. The
   * output is [batch, 2·units] (the last state of each direction, forward half first), or with
   * return_sequences [time, batch, 2·units], zero at masked positions. Only a pass for training
   * keeps the per-step records that {@link Pass#backward} needs; inference skips writing them.
   */
  RecurrentPass<T> forward(Ops tf, Operand<T> x, TimeLayout layout, boolean forTraining) {
    return new Pass(tf, x, layout, forTraining);
  }

  /**
   * A training pass through TensorFlow's fused LSTM kernels ({@link FusedLstmPass}); LSTM layers
   * only.
   */
  RecurrentPass<T> forwardFused(Ops tf, Operand<T> x, TimeLayout layout) {
    if (!(cell instanceof LstmCell)) {
      throw new IllegalArgumentException("the fused implementation is for LSTM layers only");
    }
    return new FusedLstmPass<>(
        tf,
        x,
        layout,
        cell.units(),
        forwardWeights,
        backwardWeights,
        returnSequences,
        parameters());
  }

  /** What the forward pass built, and the way back through it. */
  private final class Pass implements RecurrentPass<T> {
    private final TimeLayout layout;
    private final Operand<T> projected; // [N, 2, G·u]: running (step, row) pairs
    private final Operand<TBool> keep; // [N, 2, 1]
    private final Operand<T> kernels; // [2, u, G·u]
    private final Operand<T> recurrentBiases; // [2, 1, G·u] or null
    private final Operand<T> zeroState; // [2, B, u]
    private final Output<?> recordsHandle;
    private final Output<TFloat32> recordsFlow;
    private final Operand<T> boundary;
    private final Operand<T> output;

    private Pass(Ops tf, Operand<T> x, TimeLayout layout, boolean forTraining) {
      int units = cell.units();
      this.layout = layout;
      Operand<TInt32> batch = tf.gather(tf.shape(x), tf.constant(1), tf.constant(0));
      // Only running pairs are projected: one matrix product per direction, [N, in] × [in, G·u].
      this.projected =
          tf.stack(
              List.of(
                  project(tf, layout.compact(tf, x), forwardWeights),
                  project(tf, layout.compact(tf, layout.reverse(tf, x)), backwardWeights)),
              Stack.axis(1L));
      Operand<TBool> keepBoth =
          tf.stack(
              List.of(layout.mask, layout.reverse(tf, layout.mask)), Stack.axis(-1L)); // [T, B, 2]
      this.keep = tf.expandDims(layout.compact(tf, keepBoth), tf.constant(-1));
      this.kernels =
          tf.stack(
              List.of(
                  tf.identity(forwardWeights.recurrentKernel().variable()),
                  tf.identity(backwardWeights.recurrentKernel().variable())));
      Operand<T> forwardBias = cell.recurrentBias(tf, forwardWeights);
      this.recurrentBiases =
          forwardBias == null
              ? null
              : tf.stack(List.of(forwardBias, cell.recurrentBias(tf, backwardWeights)));
      this.zeroState =
          tf.zeros(tf.stack(List.of(tf.constant(2), batch, tf.constant(units))), dtype);
      TensorArray records =
          forTraining
              ? newArray(
                  tf, Shape.of(2, Shape.UNKNOWN_SIZE, (long) cell.recordWidth() * units), false)
              : null;
      TensorArray outputs =
          returnSequences ? newArray(tf, Shape.of(2, Shape.UNKNOWN_SIZE, units), true) : null;

      LoopVariables in = new LoopVariables();
      int iStep = in.add(tf.constant(0));
      int iSteps = in.add(layout.steps);
      int iRows = in.add(layout.activeRows);
      int iOffsets = in.add(layout.offsets);
      int iProjected = in.add(projected);
      int iKeep = in.add(keep);
      int iKernels = in.add(kernels);
      int iBias = recurrentBiases == null ? -1 : in.add(recurrentBiases);
      int iStates = in.size();
      for (int s = 0; s < cell.stateCount(); s++) {
        in.add(zeroState);
      }
      int iHandle = forTraining ? in.add(records.handle()) : -1;
      int iFlow = forTraining ? in.add(records.flow()) : -1;
      int iOutHandle = returnSequences ? in.add(outputs.handle()) : -1;
      int iOutFlow = returnSequences ? in.add(outputs.flow()) : -1;

      Output<?>[] out =
          graph(tf)
              .whileLoop(
                  in.outputs(),
                  (g, v, cond) ->
                      cond[0] =
                          Ops.create(g)
                              .math
                              .less(v[iStep].expect(TInt32.class), v[iSteps].expect(TInt32.class))
                              .asOutput(),
                  (g, v, next) -> {
                    Ops b = Ops.create(g);
                    Operand<TInt32> t = v[iStep].expect(TInt32.class);
                    StepRows rows = new StepRows(b, t, v[iRows], v[iOffsets]);
                    List<Operand<T>> states = new ArrayList<>();
                    for (int s = 0; s < cell.stateCount(); s++) {
                      states.add(rows.running(b, v[iStates + s].expect(dtype)));
                    }
                    RecurrentCell.ForwardStep<T> step =
                        cell.forward(
                            b,
                            rows.of(b, v[iProjected].expect(dtype)),
                            states,
                            v[iKernels].expect(dtype),
                            iBias < 0 ? null : v[iBias].expect(dtype),
                            rows.of(b, v[iKeep].expect(TBool.class)));
                    System.arraycopy(v, 0, next, 0, v.length);
                    next[iStep] = b.math.add(t, b.constant(1)).asOutput();
                    for (int s = 0; s < cell.stateCount(); s++) {
                      next[iStates + s] =
                          rows.merge(b, step.states().get(s), v[iStates + s].expect(dtype))
                              .asOutput();
                    }
                    if (iFlow >= 0) {
                      next[iFlow] = write(b, v[iHandle], t, step.record(), v[iFlow]);
                    }
                    if (iOutFlow >= 0) {
                      next[iOutFlow] = write(b, v[iOutHandle], t, next[iStates], v[iOutFlow]);
                    }
                  },
                  tf.scope().makeOpName("rnn_forward"));

      this.recordsHandle = forTraining ? out[iHandle] : null;
      this.recordsFlow = forTraining ? out[iFlow].expect(TFloat32.class) : null;
      if (returnSequences) {
        // Every step's h [T, 2, B, u]; masked positions give zeros; the backward direction is put
        // back in input order: → [T, B, 2·u].
        this.boundary =
            tf.tensorArrayGather(
                out[iOutHandle],
                tf.range(tf.constant(0), layout.steps, tf.constant(1)),
                out[iOutFlow].expect(TFloat32.class),
                dtype,
                TensorArrayGather.elementShape(Shape.of(2, Shape.UNKNOWN_SIZE, units)));
        Operand<TBool> keepAll =
            tf.expandDims(
                tf.stack(List.of(layout.mask, layout.reverse(tf, layout.mask)), Stack.axis(1L)),
                tf.constant(-1)); // [T, 2, B, 1]
        Operand<T> masked = tf.select(keepAll, boundary, tf.dtypes.cast(tf.constant(0f), dtype));
        List<Output<T>> directions = tf.unstack(masked, 2L, Unstack.axis(1L)).output();
        this.output =
            tf.concat(
                List.of(directions.get(0), layout.reverse(tf, directions.get(1))), tf.constant(-1));
      } else {
        this.boundary = tf.identity(out[iStates].expect(dtype)); // [2, B, u]
        List<Output<T>> directions = tf.unstack(boundary, 2L).output();
        this.output = tf.concat(List.of(directions.get(0), directions.get(1)), tf.constant(-1));
      }
    }

    @Override
    public Operand<T> output() {
      return output;
    }

    /**
     * The final states [2, batch, units], or with return_sequences every step's state [time, 2,
     * batch, units].
     */
    @Override
    public Operand<T> boundary() {
      return boundary;
    }

    /** Builds the reverse loop. */
    @Override
    public GradientSeed backward(Ops tf, Operand<T> dBoundary) {
      if (recordsHandle == null) {
        throw new IllegalStateException(
            "an inference pass keeps no records to go back through; build a training pass");
      }
      int gateWidth = cell.gates() * cell.units();
      TensorArray dProjectedArray = newArray(tf, Shape.of(Shape.UNKNOWN_SIZE, 2, gateWidth), false);

      LoopVariables in = new LoopVariables();
      int iStep = in.add(tf.math.sub(layout.steps, tf.constant(1)));
      int iRows = in.add(layout.activeRows);
      int iOffsets = in.add(layout.offsets);
      int iHandle = in.add(recordsHandle);
      int iFlow = in.add(recordsFlow);
      int iKeep = in.add(keep);
      int iKernelsT = in.add(tf.linalg.transpose(kernels, tf.constant(new int[] {0, 2, 1})));
      int iSequence = returnSequences ? in.add(dBoundary) : -1;
      int iStates = in.size();
      in.add(returnSequences ? zeroState : dBoundary);
      for (int s = 1; s < cell.stateCount(); s++) {
        in.add(zeroState);
      }
      int iProjHandle = in.add(dProjectedArray.handle());
      int iProjFlow = in.add(dProjectedArray.flow());
      int iKernelGrad = in.add(tf.zerosLike(kernels));
      int iBiasGrad = recurrentBiases == null ? -1 : in.add(tf.zerosLike(recurrentBiases));

      Output<?>[] out =
          graph(tf)
              .whileLoop(
                  in.outputs(),
                  (g, v, cond) -> {
                    Ops c = Ops.create(g);
                    cond[0] =
                        c.math
                            .greaterEqual(v[iStep].expect(TInt32.class), c.constant(0))
                            .asOutput();
                  },
                  (g, v, next) -> {
                    Ops b = Ops.create(g);
                    Operand<TInt32> t = v[iStep].expect(TInt32.class);
                    StepRows rows = new StepRows(b, t, v[iRows], v[iOffsets]);
                    List<Operand<T>> dStates = new ArrayList<>();
                    for (int s = 0; s < cell.stateCount(); s++) {
                      dStates.add(v[iStates + s].expect(dtype));
                    }
                    if (iSequence >= 0) {
                      dStates.set(
                          0,
                          b.math.add(
                              dStates.get(0),
                              b.gather(v[iSequence].expect(dtype), t, b.constant(0))));
                    }
                    List<Operand<T>> dRunning = new ArrayList<>();
                    dStates.forEach(d -> dRunning.add(rows.running(b, d)));
                    Operand<T> record =
                        b.tensorArrayRead(v[iHandle], t, v[iFlow].expect(TFloat32.class), dtype);
                    RecurrentCell.BackwardStep<T> step =
                        cell.backward(
                            b,
                            record,
                            dRunning,
                            v[iKernelsT].expect(dtype),
                            rows.of(b, v[iKeep].expect(TBool.class)));
                    System.arraycopy(v, 0, next, 0, v.length);
                    next[iStep] = b.math.sub(t, b.constant(1)).asOutput();
                    // Finished rows are not part of this step: their gradients pass through.
                    for (int s = 0; s < cell.stateCount(); s++) {
                      next[iStates + s] =
                          rows.merge(b, step.stateGradients().get(s), dStates.get(s)).asOutput();
                    }
                    next[iProjFlow] =
                        write(
                            b,
                            v[iProjHandle],
                            t,
                            b.linalg.transpose(step.dProjected(), b.constant(new int[] {1, 0, 2})),
                            v[iProjFlow]);
                    // dR += h_beforeᵀ · dRecurrent   [2, u, n] × [2, n, G·u]
                    next[iKernelGrad] =
                        b.math
                            .add(
                                v[iKernelGrad].expect(dtype),
                                b.train.batchMatMul(
                                    step.previousOutput(),
                                    step.dRecurrent(),
                                    dtype,
                                    BatchMatMul.adjX(true)))
                            .asOutput();
                    if (iBiasGrad >= 0) {
                      next[iBiasGrad] =
                          b.math
                              .add(
                                  v[iBiasGrad].expect(dtype),
                                  b.reduceSum(
                                      step.dRecurrent(), b.constant(1), ReduceSum.keepDims(true)))
                              .asOutput();
                    }
                  },
                  tf.scope().makeOpName("rnn_backward"));

      Operand<T> dProjected =
          tf.tensorArrayConcat(
                  out[iProjHandle],
                  out[iProjFlow].expect(TFloat32.class),
                  dtype,
                  TensorArrayConcat.elementShapeExcept0(Shape.of(2, gateWidth)))
              .value(); // [N, 2, G·u]
      List<Operand<?>> ys = new ArrayList<>(List.of(projected, kernels));
      List<Operand<?>> dys = new ArrayList<>(List.of(dProjected, out[iKernelGrad]));
      if (iBiasGrad >= 0) {
        ys.add(recurrentBiases);
        dys.add(out[iBiasGrad]);
      }
      List<Operand<?>> xs = new ArrayList<>();
      for (Parameter<T> p : parameters()) {
        xs.add(p.variable());
      }
      return new GradientSeed(ys, dys, xs);
    }

    private TensorArray newArray(Ops tf, Shape elementShape, boolean identicalShapes) {
      return tf.tensorArray(
          layout.steps,
          dtype,
          TensorArray.elementShape(elementShape),
          TensorArray.identicalElementShapes(identicalShapes));
    }
  }

  /**
   * Inside a loop body: the rows running at step t, the first n of the batch, and the step's
   * entries [offset, offset + n) of a compact tensor.
   */
  private static final class StepRows {
    private final Operand<TInt32> begin; // [offset, 0, 0]
    private final Operand<TInt32> size; // [n, -1, -1]
    private final Operand<TInt32> running; // [2, n, -1]
    private final Operand<TInt32> rest; // [0, n, 0]

    StepRows(Ops tf, Operand<TInt32> t, Output<?> activeRows, Output<?> offsets) {
      Operand<TInt32> zero = tf.constant(0);
      Operand<TInt32> all = tf.constant(-1);
      Operand<TInt32> n = tf.gather(activeRows.expect(TInt32.class), t, zero);
      this.begin = tf.stack(List.of(tf.gather(offsets.expect(TInt32.class), t, zero), zero, zero));
      this.size = tf.stack(List.of(n, all, all));
      this.running = tf.stack(List.of(tf.constant(2), n, all));
      this.rest = tf.stack(List.of(zero, n, zero));
    }

    /** compact [N, 2, w] → this step's [2, n, w] */
    <U extends TType> Operand<U> of(Ops tf, Operand<U> compact) {
      return tf.linalg.transpose(tf.slice(compact, begin, size), tf.constant(new int[] {1, 0, 2}));
    }

    /** [2, B, w] → the running rows [2, n, w] */
    <U extends TType> Operand<U> running(Ops tf, Operand<U> full) {
      return tf.slice(full, tf.constant(new int[] {0, 0, 0}), running);
    }

    /** The running rows' new values [2, n, w] beside the finished rows' old ones → [2, B, w] */
    <U extends TType> Operand<U> merge(Ops tf, Operand<U> runningRows, Operand<U> full) {
      return tf.concat(
          List.of(runningRows, tf.slice(full, rest, tf.constant(new int[] {-1, -1, -1}))),
          tf.constant(1));
    }
  }

  /** x [N, in] → x·K + b [N, G·u] */
  private Operand<T> project(Ops tf, Operand<T> x, RecurrentCell.Weights<T> weights) {
    return tf.math.add(
        tf.linalg.matMul(x, weights.kernel().variable()), cell.inputBias(tf, weights));
  }

  private static Output<?> write(
      Ops tf, Output<?> handle, Operand<TInt32> index, Operand<?> value, Output<?> flow) {
    return tf.tensorArrayWrite(handle, index, value, flow.expect(TFloat32.class))
        .flowOut()
        .asOutput();
  }

  private static Graph graph(Ops tf) {
    return (Graph) tf.scope().env();
  }

  /** Builds a while loop's input list while handing out each variable's index. */
  private static final class LoopVariables {
    private final List<Output<?>> outputs = new ArrayList<>();

    int add(Operand<?> operand) {
      outputs.add(operand.asOutput());
      return outputs.size() - 1;
    }

    int size() {
      return outputs.size();
    }

    Output<?>[] outputs() {
      return outputs.toArray(new Output<?>[0]);
    }
  }
}
