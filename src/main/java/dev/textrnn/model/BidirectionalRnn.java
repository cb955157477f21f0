package dev.textrnn.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.TensorArray;
import org.tensorflow.op.core.TensorArrayGather;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.train.BatchMatMul;
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
 * Tensors are time-major ([time, batch, …]) so that no large tensor is ever transposed.
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

  public boolean returnsSequences() {
    return returnSequences;
  }

  /**
   * Builds the forward pass. x [time, batch, inputs], mask [time, batch], time ≥ 1. The output is
   * [batch, 2·units] (the last state of each direction, forward half first), or with
   * return_sequences [time, batch, 2·units], zero at masked positions.
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
    private final Operand<T> zeroState;        // [2, B, u]
    private final Output<?> recordsHandle;
    private final Output<TFloat32> recordsFlow;
    private final Operand<T> boundary;
    private final Operand<T> output;

    private Pass(Ops tf, Operand<T> x, Operand<TBool> mask) {
      int units = cell.units();
      Operand<TInt32> axis0 = tf.constant(0);
      this.input = x;
      this.steps = tf.gather(tf.shape(x), axis0, axis0);
      Operand<TInt32> batch = tf.gather(tf.shape(x), tf.constant(1), axis0);

      // Each direction's projection of every step is one matrix product: [T·B, in] × [in, G·u].
      Operand<T> reversed = tf.reverse(x, tf.constant(new int[] {0}));
      this.projected = tf.stack(List.of(project(tf, x, forwardWeights), project(tf, reversed, backwardWeights)),
          Stack.axis(1L));
      this.keep = tf.expandDims(tf.stack(List.of(mask, tf.reverse(mask, tf.constant(new int[] {0}))),
          Stack.axis(1L)), tf.constant(-1));
      this.kernels = tf.stack(List.of(tf.identity(forwardWeights.recurrentKernel().variable()),
          tf.identity(backwardWeights.recurrentKernel().variable())));
      Operand<T> forwardBias = cell.recurrentBias(tf, forwardWeights);
      this.recurrentBiases = forwardBias == null ? null
          : tf.stack(List.of(forwardBias, cell.recurrentBias(tf, backwardWeights)));

      this.zeroState = tf.zeros(tf.stack(List.of(tf.constant(2), batch, tf.constant(units))), dtype);
      TensorArray records = newArray(tf, cell.recordWidth() * units);
      TensorArray outputs = returnSequences ? newArray(tf, units) : null;

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
      int iHandle = in.add(records.handle());
      int iFlow = in.add(records.flow());
      int iOutHandle = returnSequences ? in.add(outputs.handle()) : -1;
      int iOutFlow = returnSequences ? in.add(outputs.flow()) : -1;

      Output<?>[] out = graph(tf).whileLoop(in.outputs(),
          (g, v, cond) -> cond[0] = Ops.create(g).math.less(
              v[iStep].expect(TInt32.class), v[iSteps].expect(TInt32.class)).asOutput(),
          (g, v, next) -> {
            Ops b = Ops.create(g);
            Operand<TInt32> t = v[iStep].expect(TInt32.class);
            Operand<TInt32> zero = b.constant(0);
            List<Operand<T>> states = new ArrayList<>();
            for (int s = 0; s < cell.stateCount(); s++) {
              states.add(v[iStates + s].expect(dtype));
            }
            RecurrentCell.ForwardStep<T> step = cell.forward(b,
                b.gather(v[iProjected].expect(dtype), t, zero), states, v[iKernels].expect(dtype),
                iBias < 0 ? null : v[iBias].expect(dtype),
                b.gather(v[iKeep].expect(TBool.class), t, zero));
            System.arraycopy(v, 0, next, 0, v.length);
            next[iStep] = b.math.add(t, b.constant(1)).asOutput();
            for (int s = 0; s < cell.stateCount(); s++) {
              next[iStates + s] = step.states().get(s).asOutput();
            }
            next[iFlow] = write(b, v[iHandle], t, step.record(), v[iFlow]);
            if (iOutFlow >= 0) {
              next[iOutFlow] = write(b, v[iOutHandle], t, step.states().get(0), v[iOutFlow]);
            }
          },
          tf.scope().makeOpName("rnn_forward"));

      this.recordsHandle = out[iHandle];
      this.recordsFlow = out[iFlow].expect(TFloat32.class);
      if (returnSequences) {
        // Every step's h [T, 2, B, u]; masked positions give zeros; the backward direction is put
        // back in input order: → [T, B, 2·u].
        this.boundary = gatherAll(tf, out[iOutHandle], out[iOutFlow], units);
        Operand<T> masked = tf.select(keep, boundary, tf.dtypes.cast(tf.constant(0f), dtype));
        List<Output<T>> directions = tf.unstack(masked, 2L, Unstack.axis(1L)).output();
        this.output = tf.concat(List.of(directions.get(0),
            tf.reverse(directions.get(1), tf.constant(new int[] {0}))), tf.constant(-1));
      } else {
        this.boundary = tf.identity(out[iStates].expect(dtype));  // [2, B, u]
        List<Output<T>> directions = tf.unstack(boundary, 2L).output();
        this.output = tf.concat(List.of(directions.get(0), directions.get(1)), tf.constant(-1));
      }
    }

    /** [batch, 2·units], or [time, batch, 2·units] with return_sequences. */
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

    /**
     * Builds the reverse loop. dBoundary is dLoss/d{@link #boundary()}. Returns the tensors where
     * the loops met the rest of the graph with their gradients, for TensorFlow to carry on from.
     */
    public GradientSeed<T> backward(Ops tf, Operand<T> dBoundary) {
      int units = cell.units();
      int gateWidth = cell.gates() * units;
      TensorArray dProjectedArray = newArray(tf, gateWidth);

      LoopVariables in = new LoopVariables();
      int iStep = in.add(tf.math.sub(steps, tf.constant(1)));
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

      Output<?>[] out = graph(tf).whileLoop(in.outputs(),
          (g, v, cond) -> {
            Ops c = Ops.create(g);
            cond[0] = c.math.greaterEqual(v[iStep].expect(TInt32.class), c.constant(0)).asOutput();
          },
          (g, v, next) -> {
            Ops b = Ops.create(g);
            Operand<TInt32> t = v[iStep].expect(TInt32.class);
            Operand<TInt32> zero = b.constant(0);
            List<Operand<T>> dStates = new ArrayList<>();
            for (int s = 0; s < cell.stateCount(); s++) {
              dStates.add(v[iStates + s].expect(dtype));
            }
            if (iSequence >= 0) {
              dStates.set(0, b.math.add(dStates.get(0), b.gather(v[iSequence].expect(dtype), t, zero)));
            }
            Operand<T> record = b.tensorArrayRead(v[iHandle], t, v[iFlow].expect(TFloat32.class), dtype);
            RecurrentCell.BackwardStep<T> step = cell.backward(b, record, dStates,
                v[iKernelsT].expect(dtype), b.gather(v[iKeep].expect(TBool.class), t, zero));
            System.arraycopy(v, 0, next, 0, v.length);
            next[iStep] = b.math.sub(t, b.constant(1)).asOutput();
            for (int s = 0; s < cell.stateCount(); s++) {
              next[iStates + s] = step.stateGradients().get(s).asOutput();
            }
            next[iProjFlow] = write(b, v[iProjHandle], t, step.dProjected(), v[iProjFlow]);
            // dR += h_beforeᵀ · dRecurrent   [2, u, B] × [2, B, G·u]
            next[iKernelGrad] = b.math.add(v[iKernelGrad].expect(dtype), b.train.batchMatMul(
                step.previousOutput(), step.dRecurrent(), dtype, BatchMatMul.adjX(true))).asOutput();
            if (iBiasGrad >= 0) {
              next[iBiasGrad] = b.math.add(v[iBiasGrad].expect(dtype), b.reduceSum(step.dRecurrent(),
                  b.constant(1), org.tensorflow.op.core.ReduceSum.keepDims(true))).asOutput();
            }
          },
          tf.scope().makeOpName("rnn_backward"));

      List<Operand<?>> ys = new ArrayList<>(List.of(projected, kernels));
      List<Operand<?>> dys = new ArrayList<>(List.of(
          gatherAll(tf, out[iProjHandle], out[iProjFlow], gateWidth), out[iKernelGrad]));
      if (iBiasGrad >= 0) {
        ys.add(recurrentBiases);
        dys.add(out[iBiasGrad]);
      }
      List<Operand<?>> xs = new ArrayList<>();
      for (Parameter<T> p : parameters()) {
        xs.add(p.variable());
      }
      return new GradientSeed<>(ys, dys, xs, input);
    }

    /** An array of one [2, B, width] element per step; each element is read once. */
    private TensorArray newArray(Ops tf, int width) {
      return tf.tensorArray(steps, dtype, TensorArray.elementShape(Shape.of(2, Shape.UNKNOWN_SIZE, width)),
          TensorArray.identicalElementShapes(true));
    }

    private Operand<T> gatherAll(Ops tf, Output<?> handle, Output<?> flow, int width) {
      return tf.tensorArrayGather(handle, tf.range(tf.constant(0), steps, tf.constant(1)),
          flow.expect(TFloat32.class), dtype,
          TensorArrayGather.elementShape(Shape.of(2, Shape.UNKNOWN_SIZE, width)));
    }
  }

  /** x [T, B, in] → x·K + b [T, B, G·u] */
  private Operand<T> project(Ops tf, Operand<T> x, RecurrentCell.Weights<T> weights) {
    Operand<TInt32> shape = tf.shape(x);
    Operand<T> flat = tf.reshape(x, tf.stack(List.of(tf.constant(-1),
        tf.gather(shape, tf.constant(2), tf.constant(0)))));
    Operand<T> product = tf.math.add(tf.linalg.matMul(flat, weights.kernel().variable()),
        cell.inputBias(tf, weights));
    return tf.reshape(product, tf.concat(List.of(
        tf.stridedSlice(shape, org.tensorflow.ndarray.index.Indices.slice(0, 2)),
        tf.constant(new int[] {cell.gates() * cell.units()})), tf.constant(0)));
  }

  private static Output<?> write(Ops tf, Output<?> handle, Operand<TInt32> index, Operand<?> value, Output<?> flow) {
    return tf.tensorArrayWrite(handle, index, value, flow.expect(TFloat32.class)).flowOut().asOutput();
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
