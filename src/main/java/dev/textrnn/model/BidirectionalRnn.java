package dev.textrnn.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.TensorArray;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * Keras {@code Bidirectional(RNN(units))} over a masked input, as TensorFlow while loops that run
 * exactly as many steps as the batch is long.
 *
 * <p>Both directions run in one loop: step t feeds the forward direction position t and the
 * backward direction position T−1−t, so every per-step tensor carries a direction axis of size 2.
 * A masked position leaves the states unchanged, exactly as Keras: padding never changes a result.
 *
 * <p>TensorFlow cannot differentiate these loops, so the gradient is built by hand: the forward
 * loop stores one record per step in a TensorArray and {@link Pass#backward} runs a reverse loop
 * over them (back-propagation through time). Everything outside the loops (the input projection,
 * reversing, slicing) is left to TensorFlow's own gradients.
 */
public final class BidirectionalRnn<T extends TFloating> {
  private final RecurrentCell<T> cell;
  private final RecurrentCell.Weights<T> forwardWeights;
  private final RecurrentCell.Weights<T> backwardWeights;
  private final boolean returnSequences;
  private final Class<T> dtype;

  /** The index-th bidirectional layer of a model (0 for the first), named as Keras names it. */
  public BidirectionalRnn(ParameterFactory<T> parameters, int index, RecurrentCell<T> cell,
      int inputs, boolean returnSequences) {
    String suffix = index == 0 ? "" : "_" + index;
    String kind = cell instanceof LstmCell ? "lstm" : "gru";
    this.cell = cell;
    this.forwardWeights = cell.createWeights(parameters,
        "bidirectional" + suffix + "/forward_" + kind + suffix, inputs);
    this.backwardWeights = cell.createWeights(parameters,
        "bidirectional" + suffix + "/backward_" + kind + suffix, inputs);
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
   * Builds the forward pass. x [batch, time, inputs], mask [batch, time] with time ≥ 1. The output
   * is [batch, 2·units] (the last state of each direction), or with return_sequences
   * [batch, time, 2·units], zero at masked positions.
   */
  public Pass forward(Ops tf, Operand<T> x, Operand<TBool> mask) {
    return new Pass(tf, x, mask);
  }

  /** What the forward pass built, and the way back through it. */
  public final class Pass {
    private final Operand<T> input;
    private final Operand<TInt32> steps;
    private final Operand<T> projected;        // [T, 2, B, G·u]
    private final Operand<TBool> keep;         // [T, 2, B, 1]
    private final Operand<T> kernels;          // [2, u, G·u]
    private final Operand<T> recurrentBiases;  // [2, 1, G·u] or null
    private final Output<?> recordsHandle;
    private final Output<TFloat32> recordsFlow;
    private final Operand<T> records;          // [T, 2, B, W·u]
    private final Operand<T> boundary;
    private final Operand<T> output;

    private Pass(Ops tf, Operand<T> x, Operand<TBool> mask) {
      int units = cell.units();
      int gateWidth = cell.gates() * units;
      this.input = x;
      this.steps = tf.gather(tf.shape(x), tf.constant(1), tf.constant(0));

      // One matrix product projects every step of both directions: [B·T, in] × [in, 2·G·u].
      Operand<TInt32> xShape = tf.shape(x);
      Operand<T> flat = tf.reshape(x, tf.stack(List.of(tf.constant(-1),
          tf.gather(xShape, tf.constant(2), tf.constant(0)))));
      Operand<T> kernelsIn = tf.concat(List.of(
          forwardWeights.kernel().variable(), backwardWeights.kernel().variable()), tf.constant(1));
      Operand<T> biasesIn = tf.concat(List.of(cell.inputBias(tf, forwardWeights),
          cell.inputBias(tf, backwardWeights)), tf.constant(0));
      Operand<T> both = tf.math.add(tf.linalg.matMul(flat, kernelsIn), biasesIn);
      // [B·T, 2·G·u] → [B, T, 2, G·u] → [T, 2, B, G·u]; the backward direction reads time reversed.
      Operand<T> timeMajor = tf.linalg.transpose(
          tf.reshape(both, tf.stack(List.of(tf.gather(xShape, tf.constant(0), tf.constant(0)),
              steps, tf.constant(2), tf.constant(gateWidth)))),
          tf.constant(new int[] {1, 2, 0, 3}));
      this.projected = reverseSecondDirection(tf, timeMajor);
      // mask [B, T] → keep [T, 2, B, 1]
      Operand<TBool> maskT = tf.linalg.transpose(mask, tf.constant(new int[] {1, 0}));
      this.keep = tf.expandDims(tf.stack(List.of(maskT, tf.reverse(maskT, tf.constant(new int[] {0}))),
          org.tensorflow.op.core.Stack.axis(1L)), tf.constant(-1));
      this.kernels = tf.stack(List.of(tf.identity(forwardWeights.recurrentKernel().variable()),
          tf.identity(backwardWeights.recurrentKernel().variable())));
      Operand<T> fb = cell.recurrentBias(tf, forwardWeights);
      this.recurrentBiases = fb == null ? null
          : tf.stack(List.of(fb, cell.recurrentBias(tf, backwardWeights)));

      Operand<T> zeroState = tf.zeros(tf.stack(List.of(tf.constant(2),
          tf.gather(xShape, tf.constant(0), tf.constant(0)), tf.constant(units))), dtype);
      TensorArray recordArray = tf.tensorArray(steps, dtype,
          TensorArray.elementShape(Shape.of(2, Shape.UNKNOWN_SIZE, (long) cell.recordWidth() * units)),
          TensorArray.clearAfterRead(false), TensorArray.identicalElementShapes(true));

      LoopVariables in = new LoopVariables();
      int iStep = in.add(tf.constant(0));
      int iSteps = in.add(steps);
      int iProjected = in.add(projected);
      int iKeep = in.add(keep);
      int iKernels = in.add(kernels);
      int iBias = recurrentBiases == null ? -1 : in.add(recurrentBiases);
      int iStates = in.size();
      for (int s = 0; s < cell.stateCount(); s++) {
        in.add(zeroState);
      }
      int iHandle = in.add(recordArray.handle());
      int iFlow = in.add(recordArray.flow());

      Output<?>[] out = graph(tf).whileLoop(in.outputs(),
          (g, v, cond) -> cond[0] = Ops.create(g).math.less(
              v[iStep].expect(TInt32.class), v[iSteps].expect(TInt32.class)).asOutput(),
          (g, v, next) -> {
            Ops b = Ops.create(g);
            Operand<TInt32> t = v[iStep].expect(TInt32.class);
            Operand<TInt32> axis0 = b.constant(0);
            List<Operand<T>> states = new ArrayList<>();
            for (int s = 0; s < cell.stateCount(); s++) {
              states.add(v[iStates + s].expect(dtype));
            }
            RecurrentCell.ForwardStep<T> step = cell.forward(b,
                b.gather(v[iProjected].expect(dtype), t, axis0), states, v[iKernels].expect(dtype),
                iBias < 0 ? null : v[iBias].expect(dtype),
                b.gather(v[iKeep].expect(TBool.class), t, axis0));
            System.arraycopy(v, 0, next, 0, v.length);
            next[iStep] = b.math.add(t, b.constant(1)).asOutput();
            for (int s = 0; s < cell.stateCount(); s++) {
              next[iStates + s] = step.states().get(s).asOutput();
            }
            next[iFlow] = b.tensorArrayWrite(v[iHandle], t, step.record(),
                v[iFlow].expect(TFloat32.class)).flowOut().asOutput();
          },
          tf.scope().makeOpName("rnn_forward"));

      this.recordsHandle = out[iHandle];
      this.recordsFlow = out[iFlow].expect(TFloat32.class);
      this.records = tf.tensorArrayGather(recordsHandle, tf.range(tf.constant(0), steps, tf.constant(1)),
          recordsFlow, dtype, org.tensorflow.op.core.TensorArrayGather.elementShape(
              Shape.of(2, Shape.UNKNOWN_SIZE, (long) cell.recordWidth() * units)));
      Operand<T> lastOutputs = out[iStates].expect(dtype);  // [2, B, u]
      if (returnSequences) {
        // h after step t is h before step t+1; the last one is the final state. [T, 2, B, u]
        Operand<T> before = previousOutputs(tf);
        this.boundary = tf.concat(List.of(
            tf.stridedSlice(before, Indices.sliceFrom(1)), tf.expandDims(lastOutputs, tf.constant(0))),
            tf.constant(0));
        Operand<T> masked = tf.select(keep, boundary, tf.dtypes.cast(tf.constant(0f), dtype));
        // [T, 2, B, u], backward direction back in input order → [B, T, 2, u] → [B, T, 2·u]
        Operand<T> inOrder = tf.linalg.transpose(reverseSecondDirection(tf, masked),
            tf.constant(new int[] {2, 0, 1, 3}));
        this.output = tf.reshape(inOrder, tf.stack(List.of(
            tf.gather(xShape, tf.constant(0), tf.constant(0)), steps, tf.constant(2 * units))));
      } else {
        this.boundary = tf.identity(lastOutputs);
        // [2, B, u] → [B, 2, u] → [B, 2·u]: forward half first, as Keras concatenates.
        this.output = tf.reshape(tf.linalg.transpose(boundary, tf.constant(new int[] {1, 0, 2})),
            tf.constant(new int[] {-1, 2 * units}));
      }
    }

    /** [batch, 2·units] or [batch, time, 2·units]. */
    public Operand<T> output() {
      return output;
    }

    /**
     * The tensor at which TensorFlow's gradient stops and ours takes over: the final states
     * [2, batch, units], or with return_sequences every step's state [time, 2, batch, units].
     */
    public Operand<T> boundary() {
      return boundary;
    }

    /** The layer's input, x [batch, time, inputs]. */
    public Operand<T> input() {
      return input;
    }

    /**
     * Builds the reverse loop. dBoundary is dLoss/d{@link #boundary()}. Returns the tensors where
     * the loops met the rest of the graph with their gradients, for TensorFlow to carry on from.
     */
    public GradientSeed<T> backward(Ops tf, Operand<T> dBoundary) {
      int units = cell.units();
      int gateWidth = cell.gates() * units;
      boolean separateRecurrent = recurrentBiases != null;
      Operand<T> zeroState = tf.zerosLike(
          tf.gather(projected, tf.constant(0), tf.constant(0)));  // [2, B, G·u] → sliced below
      Operand<T> zeroH = tf.stridedSlice(zeroState, Indices.all(), Indices.all(), Indices.slice(0, units));
      TensorArray dProjectedArray = newArray(tf, gateWidth);
      TensorArray dRecurrentArray = separateRecurrent ? newArray(tf, gateWidth) : null;

      LoopVariables in = new LoopVariables();
      int iStep = in.add(tf.math.sub(steps, tf.constant(1)));
      int iHandle = in.add(recordsHandle);
      int iFlow = in.add(recordsFlow);
      int iKeep = in.add(keep);
      int iKernelsT = in.add(tf.linalg.transpose(kernels, tf.constant(new int[] {0, 2, 1})));
      int iSequence = returnSequences ? in.add(dBoundary) : -1;
      int iStates = in.size();
      in.add(returnSequences ? zeroH : dBoundary);
      for (int s = 1; s < cell.stateCount(); s++) {
        in.add(zeroH);
      }
      int iProjHandle = in.add(dProjectedArray.handle());
      int iProjFlow = in.add(dProjectedArray.flow());
      int iRecHandle = separateRecurrent ? in.add(dRecurrentArray.handle()) : -1;
      int iRecFlow = separateRecurrent ? in.add(dRecurrentArray.flow()) : -1;

      Output<?>[] out = graph(tf).whileLoop(in.outputs(),
          (g, v, cond) -> {
            Ops c = Ops.create(g);
            cond[0] = c.math.greaterEqual(v[iStep].expect(TInt32.class), c.constant(0)).asOutput();
          },
          (g, v, next) -> {
            Ops b = Ops.create(g);
            Operand<TInt32> t = v[iStep].expect(TInt32.class);
            Operand<TInt32> axis0 = b.constant(0);
            List<Operand<T>> dStates = new ArrayList<>();
            for (int s = 0; s < cell.stateCount(); s++) {
              dStates.add(v[iStates + s].expect(dtype));
            }
            if (iSequence >= 0) {
              dStates.set(0, b.math.add(dStates.get(0), b.gather(v[iSequence].expect(dtype), t, axis0)));
            }
            Operand<T> record = b.tensorArrayRead(v[iHandle], t, v[iFlow].expect(TFloat32.class), dtype);
            RecurrentCell.BackwardStep<T> step = cell.backward(b, record, dStates,
                v[iKernelsT].expect(dtype), b.gather(v[iKeep].expect(TBool.class), t, axis0));
            System.arraycopy(v, 0, next, 0, v.length);
            next[iStep] = b.math.sub(t, b.constant(1)).asOutput();
            for (int s = 0; s < cell.stateCount(); s++) {
              next[iStates + s] = step.stateGradients().get(s).asOutput();
            }
            next[iProjFlow] = b.tensorArrayWrite(v[iProjHandle], t, step.dProjected(),
                v[iProjFlow].expect(TFloat32.class)).flowOut().asOutput();
            if (iRecFlow >= 0) {
              next[iRecFlow] = b.tensorArrayWrite(v[iRecHandle], t, step.dRecurrent(),
                  v[iRecFlow].expect(TFloat32.class)).flowOut().asOutput();
            }
          },
          tf.scope().makeOpName("rnn_backward"));

      Operand<T> dProjected = gatherAll(tf, out[iProjHandle], out[iProjFlow], gateWidth);
      Operand<T> dRecurrent = separateRecurrent
          ? gatherAll(tf, out[iRecHandle], out[iRecFlow], gateWidth) : dProjected;
      // dR = Σ_t h_before[t]ᵀ · dRecurrent[t], per direction, as one product after the loop.
      Operand<T> hBefore = byDirection(tf, previousOutputs(tf), units);      // [2, T·B, u]
      Operand<T> dRec = byDirection(tf, dRecurrent, gateWidth);             // [2, T·B, G·u]
      Operand<T> dKernels = tf.train.batchMatMul(hBefore, dRec, dtype,
          org.tensorflow.op.train.BatchMatMul.adjX(true));                 // [2, u, G·u]
      List<Operand<?>> ys = new ArrayList<>(List.of(projected, kernels));
      List<Operand<?>> dys = new ArrayList<>(List.of(dProjected, dKernels));
      if (separateRecurrent) {
        ys.add(recurrentBiases);
        dys.add(tf.reshape(tf.reduceSum(dRec, tf.constant(1)), tf.constant(new int[] {2, 1, gateWidth})));
      }
      List<Operand<?>> xs = new ArrayList<>();
      for (Parameter<T> p : parameters()) {
        xs.add(p.variable());
      }
      return new GradientSeed<>(ys, dys, xs, input);
    }

    private Operand<T> previousOutputs(Ops tf) {
      return tf.split(tf.constant(-1), records, (long) cell.recordWidth())
          .output().get(cell.previousOutputSlot());
    }

    private TensorArray newArray(Ops tf, int width) {
      return tf.tensorArray(steps, dtype,
          TensorArray.elementShape(Shape.of(2, Shape.UNKNOWN_SIZE, width)),
          TensorArray.identicalElementShapes(true));
    }

    private Operand<T> gatherAll(Ops tf, Output<?> handle, Output<?> flow, int width) {
      return tf.tensorArrayGather(handle, tf.range(tf.constant(0), steps, tf.constant(1)),
          flow.expect(TFloat32.class), dtype,
          org.tensorflow.op.core.TensorArrayGather.elementShape(Shape.of(2, Shape.UNKNOWN_SIZE, width)));
    }
  }

  /** [T, 2, B, w] → [2, T·B, w] */
  private static <U extends TFloating> Operand<U> byDirection(Ops tf, Operand<U> timeMajor, int width) {
    return tf.reshape(tf.linalg.transpose(timeMajor, tf.constant(new int[] {1, 0, 2, 3})),
        tf.constant(new int[] {2, -1, width}));
  }

  /** [T, 2, …]: reverses the time axis of direction 1 only. */
  private static <U extends org.tensorflow.types.family.TType> Operand<U> reverseSecondDirection(
      Ops tf, Operand<U> timeMajor) {
    List<Output<U>> directions = tf.split(tf.constant(1), timeMajor, 2L).output();
    return tf.concat(List.of(directions.get(0),
        tf.reverse(directions.get(1), tf.constant(new int[] {0}))), tf.constant(1));
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
