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
public final class BidirectionalRnn<T extends TFloating> implements StackedLayer<T> {
  /**
   * Steps each loop iteration runs one after the other: a loop variable costs a Merge, a Switch and
   * a NextIteration every iteration, so that more steps an iteration pay for them fewer times.
   */
  static final int STEPS_PER_ITERATION = 4;

  private final String name;
  private final RecurrentCell<T> cell;
  private final RecurrentCell.Weights<T> forwardWeights;
  private final RecurrentCell.Weights<T> backwardWeights;
  private final boolean returnSequences;
  private final Class<T> dtype;

  /**
   * A bidirectional layer named as Keras names it: {@code bidirectional_1} holds {@code
   * forward_lstm_1} and {@code backward_lstm_1}, counted per layer class and per cell.
   *
   * @param returnSequences whether the layer gives every step's state (for a recurrent layer above
   *     it) or the last one
   */
  public BidirectionalRnn(
      ParameterFactory<T> parameters,
      LayerNames names,
      RecurrentCell<T> cell,
      int inputs,
      boolean returnSequences) {
    this.name = names.next("bidirectional");
    String cellName = names.next(cell.kerasName());
    this.cell = cell;
    this.forwardWeights = cell.createWeights(parameters, name + "/forward_" + cellName, inputs);
    this.backwardWeights = cell.createWeights(parameters, name + "/backward_" + cellName, inputs);
    this.returnSequences = returnSequences;
    this.dtype = parameters.dtype();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kerasClass() {
    return "Bidirectional";
  }

  /** Forward weights, then backward weights (Keras's order). */
  @Override
  public List<Parameter<T>> parameters() {
    List<Parameter<T>> all = new ArrayList<>(forwardWeights.all());
    all.addAll(backwardWeights.all());
    return all;
  }

  @Override
  public OutputShape outputShape() {
    return new OutputShape(returnSequences, 2 * cell.units());
  }

  @Override
  public String describe() {
    return "Bidirectional("
        + cell.kerasName().toUpperCase(java.util.Locale.ROOT)
        + " "
        + cell.units()
        + ")";
  }

  /**
   * Builds the forward pass. x [time, batch, inputs] with its rows in the layout's order. The
   * output is [batch, 2·units] (the last state of each direction, forward half first), or with
   * return_sequences [time, batch, 2·units], zero at masked positions. Only a pass for training
   * keeps the per-step records that {@link Pass#backward} needs; inference skips writing them.
   * {@link RnnImplementation#FUSED} takes TensorFlow's fused kernels ({@link FusedLstmPass}), for a
   * cell that has them.
   */
  @Override
  public RecurrentPass<T> forward(Ops tf, Operand<T> x, PassContext<T> context) {
    if (context.rnn() == RnnImplementation.FUSED) {
      if (!cell.hasFusedKernel()) {
        throw new IllegalArgumentException(
            "the fused implementation has no kernel for " + cell.kerasName() + " layers");
      }
      return new FusedLstmPass<>(
          tf,
          x,
          context.layout(),
          cell.units(),
          forwardWeights,
          backwardWeights,
          returnSequences,
          parameters());
    }
    return new Pass(tf, x, context.layout(), context.training());
  }

  /**
   * What the forward pass built, and the way back through it.
   *
   * <p>TensorFlow's C API while loop cannot read a tensor from outside the loop: the body sees only
   * its loop variables. So the weights, the input projections, the keep mask and the row layout
   * ride along as loop variables that every step passes on unchanged.
   */
  private final class Pass implements RecurrentPass<T> {
    private final TimeLayout layout;
    // Direction-major, so that a step's rows are one slice [2, n, …] without a transpose (a small
    // transpose cost a step more than its matrix product).
    private final Operand<T> projected; // [2, N, G·u]: running (step, row) pairs
    private final Operand<TBool> keep; // [2, N, 1]
    private final Operand<T> kernels; // [2, u, G·u]
    private final Operand<T> recurrentBiases; // [2, 1, G·u] or null
    private final Operand<T> zeroState; // [2, B, u]
    // The loops run STEPS_PER_ITERATION steps an iteration, over T rounded up to a multiple of it;
    // the steps past T have no rows, so that they change nothing.
    private final Operand<TInt32> paddedSteps; // scalar
    private final Operand<TInt32> stepSlices; // [paddedSteps, 5, 3], see RowSlots
    private final Output<?> recordsHandle;
    private final Output<TFloat32> recordsFlow;
    private final Operand<T> boundary;
    private final Operand<T> output;

    private Pass(Ops tf, Operand<T> x, TimeLayout layout, boolean forTraining) {
      int units = cell.units();
      this.layout = layout;
      Operand<TInt32> perIteration = tf.constant(STEPS_PER_ITERATION);
      this.paddedSteps =
          tf.math.mul(
              tf.math.floorDiv(
                  tf.math.add(layout.steps, tf.math.sub(perIteration, tf.constant(1))),
                  perIteration),
              perIteration);
      this.stepSlices = RowSlots.table(tf, layout, paddedSteps);
      Operand<TInt32> batch = tf.gather(tf.shape(x), tf.constant(1), tf.constant(0));
      // Only running pairs are projected: one matrix product per direction, [N, in] × [in, G·u].
      this.projected =
          tf.stack(
              List.of(
                  project(tf, layout.compact(tf, x), forwardWeights),
                  project(tf, layout.compactReversed(tf, x), backwardWeights)));
      this.keep =
          tf.expandDims(
              tf.stack(
                  List.of(
                      layout.compact(tf, layout.mask), layout.compactReversed(tf, layout.mask))),
              tf.constant(-1));
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

      LoopState loop = new LoopState();
      LoopState.Slot<TInt32> step = loop.add(tf.constant(0));
      LoopState.Slot<TInt32> steps = loop.add(paddedSteps);
      RowSlots rowSlots = new RowSlots(loop, stepSlices);
      LoopState.Slot<T> projectedSlot = loop.add(projected);
      LoopState.Slot<TBool> keepSlot = loop.add(keep);
      LoopState.Slot<T> kernelsSlot = loop.add(kernels);
      LoopState.Slot<T> biasSlot = recurrentBiases == null ? null : loop.add(recurrentBiases);
      List<LoopState.Slot<T>> states = new ArrayList<>();
      for (int s = 0; s < cell.stateCount(); s++) {
        states.add(loop.add(zeroState));
      }
      ArraySlots recordSlots = forTraining ? new ArraySlots(loop, records) : null;
      ArraySlots outputSlots = returnSequences ? new ArraySlots(loop, outputs) : null;

      Output<?>[] out =
          graph(tf)
              .whileLoop(
                  loop.initial(),
                  (g, v, cond) ->
                      cond[0] = Ops.create(g).math.less(step.in(v), steps.in(v)).asOutput(),
                  (g, v, next) -> {
                    Ops b = Ops.create(g);
                    // next holds each variable's value so far in this iteration.
                    System.arraycopy(v, 0, next, 0, v.length);
                    Operand<TInt32> first = step.in(v);
                    for (int k = 0; k < STEPS_PER_ITERATION; k++) {
                      Operand<TInt32> t = k == 0 ? first : b.math.add(first, b.constant(k));
                      StepRows rows = rowSlots.at(b, t, v);
                      List<Operand<T>> before = new ArrayList<>();
                      for (LoopState.Slot<T> state : states) {
                        before.add(rows.running(b, state.in(next)));
                      }
                      RecurrentCell.ForwardStep<T> forward =
                          cell.forward(
                              b,
                              rows.of(b, projectedSlot.in(v)),
                              before,
                              kernelsSlot.in(v),
                              biasSlot == null ? null : biasSlot.in(v),
                              rows.of(b, keepSlot.in(v)));
                      for (int s = 0; s < states.size(); s++) {
                        LoopState.Slot<T> state = states.get(s);
                        state.set(next, rows.merge(b, forward.states().get(s), state.in(next)));
                      }
                      if (recordSlots != null) {
                        recordSlots.write(b, next, t, forward.record());
                      }
                      if (outputSlots != null) {
                        outputSlots.write(b, next, t, states.get(0).in(next));
                      }
                    }
                    step.set(next, b.math.add(first, b.constant(STEPS_PER_ITERATION)));
                  },
                  tf.scope().makeOpName("rnn_forward"));

      this.recordsHandle = forTraining ? recordSlots.handle.in(out) : null;
      this.recordsFlow = forTraining ? recordSlots.flow.in(out) : null;
      if (returnSequences) {
        // Every step's h [T, 2, B, u]; masked positions give zeros; the backward direction is put
        // back in input order: → [T, B, 2·u].
        this.boundary =
            tf.tensorArrayGather(
                outputSlots.handle.in(out),
                tf.range(tf.constant(0), layout.steps, tf.constant(1)),
                outputSlots.flow.in(out),
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
        this.boundary = tf.identity(states.get(0).in(out)); // [2, B, u]
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
      // Each step writes its [2, n, G·u] as [2·n, G·u] rows; TimeLayout.stepBlockRows orders them.
      TensorArray dProjectedArray = newArray(tf, Shape.of(Shape.UNKNOWN_SIZE, gateWidth), false);

      LoopState loop = new LoopState();
      LoopState.Slot<TInt32> step = loop.add(tf.math.sub(paddedSteps, tf.constant(1)));
      RowSlots rowSlots = new RowSlots(loop, stepSlices);
      ArraySlots recordSlots = new ArraySlots(loop, recordsHandle, recordsFlow);
      LoopState.Slot<TBool> keepSlot = loop.add(keep);
      LoopState.Slot<T> kernelsTransposed =
          loop.add(tf.linalg.transpose(kernels, tf.constant(new int[] {0, 2, 1})));
      // The padding steps (see paddedSteps) receive no gradient from above.
      LoopState.Slot<T> dSequence =
          returnSequences
              ? loop.add(
                  tf.pad(
                      dBoundary,
                      tf.stack(
                          List.of(
                              tf.stack(
                                  List.of(tf.constant(0), tf.math.sub(paddedSteps, layout.steps))),
                              tf.constant(new int[] {0, 0}),
                              tf.constant(new int[] {0, 0}),
                              tf.constant(new int[] {0, 0}))),
                      tf.dtypes.cast(tf.constant(0f), dtype)))
              : null;
      List<LoopState.Slot<T>> dStates = new ArrayList<>();
      dStates.add(loop.add(returnSequences ? zeroState : dBoundary));
      for (int s = 1; s < cell.stateCount(); s++) {
        dStates.add(loop.add(zeroState));
      }
      ArraySlots dProjectedSlots = new ArraySlots(loop, dProjectedArray);
      LoopState.Slot<T> dKernels = loop.add(tf.zerosLike(kernels));
      LoopState.Slot<T> dBiases =
          recurrentBiases == null ? null : loop.add(tf.zerosLike(recurrentBiases));

      Output<?>[] out =
          graph(tf)
              .whileLoop(
                  loop.initial(),
                  (g, v, cond) -> {
                    Ops c = Ops.create(g);
                    cond[0] = c.math.greaterEqual(step.in(v), c.constant(0)).asOutput();
                  },
                  (g, v, next) -> {
                    Ops b = Ops.create(g);
                    // next holds each variable's value so far in this iteration.
                    System.arraycopy(v, 0, next, 0, v.length);
                    Operand<TInt32> last = step.in(v);
                    for (int k = 0; k < STEPS_PER_ITERATION; k++) {
                      Operand<TInt32> t = k == 0 ? last : b.math.sub(last, b.constant(k));
                      StepRows rows = rowSlots.at(b, t, v);
                      List<Operand<T>> dAfter = new ArrayList<>();
                      for (LoopState.Slot<T> dState : dStates) {
                        dAfter.add(dState.in(next));
                      }
                      if (dSequence != null) {
                        dAfter.set(
                            0,
                            b.math.add(dAfter.get(0), b.gather(dSequence.in(v), t, b.constant(0))));
                      }
                      List<Operand<T>> dRunning = new ArrayList<>();
                      dAfter.forEach(d -> dRunning.add(rows.running(b, d)));
                      RecurrentCell.BackwardStep<T> back =
                          cell.backward(
                              b,
                              recordSlots.read(b, v, t, dtype),
                              dRunning,
                              kernelsTransposed.in(v),
                              rows.of(b, keepSlot.in(v)));
                      // Finished rows are not part of this step: their gradients pass through.
                      for (int s = 0; s < dStates.size(); s++) {
                        dStates
                            .get(s)
                            .set(next, rows.merge(b, back.stateGradients().get(s), dAfter.get(s)));
                      }
                      dProjectedSlots.write(
                          b,
                          next,
                          t,
                          b.reshape(back.dProjected(), b.constant(new long[] {-1, gateWidth})));
                      // dR += h_beforeᵀ · dRecurrent   [2, u, n] × [2, n, G·u]
                      dKernels.set(
                          next,
                          b.math.add(
                              dKernels.in(next),
                              b.train.batchMatMul(
                                  back.previousOutput(),
                                  back.dRecurrent(),
                                  dtype,
                                  BatchMatMul.adjX(true))));
                      if (dBiases != null) {
                        dBiases.set(
                            next,
                            b.math.add(
                                dBiases.in(next),
                                b.reduceSum(
                                    back.dRecurrent(), b.constant(1), ReduceSum.keepDims(true))));
                      }
                    }
                    step.set(next, b.math.sub(last, b.constant(STEPS_PER_ITERATION)));
                  },
                  tf.scope().makeOpName("rnn_backward"));

      Operand<T> dProjectedBlocks =
          tf.tensorArrayConcat(
                  dProjectedSlots.handle.in(out),
                  dProjectedSlots.flow.in(out),
                  dtype,
                  TensorArrayConcat.elementShapeExcept0(Shape.of(gateWidth)))
              .value(); // [2·N, G·u] in the steps' order
      Operand<T> dProjected =
          tf.reshape(
              tf.gather(dProjectedBlocks, layout.stepBlockRows(tf), tf.constant(0)),
              tf.constant(new long[] {2, -1, gateWidth})); // [2, N, G·u]
      List<Operand<?>> ys = new ArrayList<>(List.of(projected, kernels));
      List<Operand<?>> dys = new ArrayList<>(List.of(dProjected, dKernels.in(out)));
      if (dBiases != null) {
        ys.add(recurrentBiases);
        dys.add(dBiases.in(out));
      }
      List<Operand<?>> xs = new ArrayList<>();
      for (Parameter<T> p : parameters()) {
        xs.add(p.variable());
      }
      return new GradientSeed(ys, dys, xs);
    }

    private TensorArray newArray(Ops tf, Shape elementShape, boolean identicalShapes) {
      return tf.tensorArray(
          paddedSteps,
          dtype,
          TensorArray.elementShape(elementShape),
          TensorArray.identicalElementShapes(identicalShapes));
    }
  }

  /**
   * The row layout as one loop variable: for every step t the slice vectors its body needs, so that
   * the body looks them up with one gather instead of building them from the step's row count and
   * offset (a dozen small ops a step, and a loop variable fewer).
   */
  private static final class RowSlots {
    private final LoopState.Slot<TInt32> slices; // [T, 5, 3], see StepRows

    RowSlots(LoopState loop, Operand<TInt32> slices) {
      this.slices = loop.add(slices);
    }

    /**
     * activeRows n [T] and offsets [T] → [paddedSteps, 5, 3]: per step [0, offset, 0], [2, n, −1],
     * [0, n, 0], [0, 0, 0], [−1, −1, −1].
     */
    static Operand<TInt32> table(Ops tf, TimeLayout layout, Operand<TInt32> paddedSteps) {
      // The padding steps run no rows, from the end of the compact tensors.
      Operand<TInt32> padding =
          tf.stack(
              List.of(tf.stack(List.of(tf.constant(0), tf.math.sub(paddedSteps, layout.steps)))));
      Operand<TInt32> n = tf.pad(layout.activeRows, padding, tf.constant(0));
      Operand<TInt32> offsets =
          tf.pad(layout.offsets, padding, tf.reduceSum(layout.activeRows, tf.constant(0))); // N
      Operand<TInt32> zero = tf.zerosLike(n);
      Operand<TInt32> all = tf.math.sub(zero, tf.constant(1));
      Operand<TInt32> two = tf.math.add(zero, tf.constant(2));
      List<Operand<TInt32>> vectors =
          List.of(
              tf.stack(List.of(zero, offsets, zero), Stack.axis(1L)),
              tf.stack(List.of(two, n, all), Stack.axis(1L)),
              tf.stack(List.of(zero, n, zero), Stack.axis(1L)),
              tf.stack(List.of(zero, zero, zero), Stack.axis(1L)),
              tf.stack(List.of(all, all, all), Stack.axis(1L)));
      return tf.stack(vectors, Stack.axis(1L));
    }

    StepRows at(Ops tf, Operand<TInt32> t, Output<?>[] values) {
      return new StepRows(tf.unstack(tf.gather(slices.in(values), t, tf.constant(0)), 5L).output());
    }
  }

  /** A TensorArray as loop variables: its handle and its flow, which each write replaces. */
  private static final class ArraySlots {
    private final LoopState.Handle handle;
    private final LoopState.Slot<TFloat32> flow;

    ArraySlots(LoopState loop, TensorArray array) {
      this(loop, array.handle(), array.flow());
    }

    ArraySlots(LoopState loop, Output<?> handle, Operand<TFloat32> flow) {
      this.handle = loop.addHandle(handle);
      this.flow = loop.add(flow);
    }

    /** Writes after the writes so far in this iteration, whose flow {@code next} holds. */
    void write(Ops tf, Output<?>[] next, Operand<TInt32> index, Operand<?> value) {
      flow.set(next, tf.tensorArrayWrite(handle.in(next), index, value, flow.in(next)).flowOut());
    }

    <U extends TType> Operand<U> read(Ops tf, Output<?>[] v, Operand<TInt32> index, Class<U> type) {
      return tf.tensorArrayRead(handle.in(v), index, flow.in(v), type);
    }
  }

  /**
   * Inside a loop body: the rows running at step t, the first n of the batch, and the step's
   * entries [offset, offset + n) of a compact tensor.
   */
  private static final class StepRows {
    private final Operand<TInt32> begin; // [0, offset, 0]
    private final Operand<TInt32> running; // [2, n, -1]
    private final Operand<TInt32> rest; // [0, n, 0]
    private final Operand<TInt32> origin; // [0, 0, 0]
    private final Operand<TInt32> everything; // [-1, -1, -1]

    /** The step's row of {@link RowSlots#table}. */
    StepRows(List<Output<TInt32>> slices) {
      this.begin = slices.get(0);
      this.running = slices.get(1);
      this.rest = slices.get(2);
      this.origin = slices.get(3);
      this.everything = slices.get(4);
    }

    /** compact [2, N, w] → this step's [2, n, w] */
    <U extends TType> Operand<U> of(Ops tf, Operand<U> compact) {
      return tf.slice(compact, begin, running);
    }

    /** [2, B, w] → the running rows [2, n, w] */
    <U extends TType> Operand<U> running(Ops tf, Operand<U> full) {
      return tf.slice(full, origin, running);
    }

    /** The running rows' new values [2, n, w] beside the finished rows' old ones → [2, B, w] */
    <U extends TType> Operand<U> merge(Ops tf, Operand<U> runningRows, Operand<U> full) {
      return tf.concat(List.of(runningRows, tf.slice(full, rest, everything)), tf.constant(1));
    }
  }

  /** x [N, in] → x·K + b [N, G·u] */
  private Operand<T> project(Ops tf, Operand<T> x, RecurrentCell.Weights<T> weights) {
    return tf.math.add(
        tf.linalg.matMul(x, weights.kernel().variable()), cell.inputBias(tf, weights));
  }

  private static Graph graph(Ops tf) {
    return (Graph) tf.scope().env();
  }
}
