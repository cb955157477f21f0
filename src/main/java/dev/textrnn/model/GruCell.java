package dev.textrnn.model;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * Keras's GRU with its defaults (reset_after=True): gates z, r, h; bias [2, 3u] holds the input
 * bias and the recurrent bias. With x·K + b_in = (xz, xr, xh) and h·R + b_rec = (hz, hr, hh): z =
 * sigmoid(xz + hz), r = sigmoid(xr + hr), n = tanh(xh + r·hh), h' = z·h + (1 − z)·n.
 */
public final class GruCell<T extends TFloating> implements RecurrentCell<T> {
  private static final int GATES = 3;

  /** What a step records: the update and reset gates, n, h·R_h + b_h and h before the step. */
  private enum Slot {
    UPDATE_GATE,
    RESET_GATE,
    CANDIDATE,
    RECURRENT_CANDIDATE,
    H_BEFORE
  }

  private static final StepRecord<Slot> RECORD = new StepRecord<>(Slot.class);
  private final int units;

  public GruCell(int units) {
    this.units = units;
  }

  @Override
  public int units() {
    return units;
  }

  @Override
  public String kerasName() {
    return "gru";
  }

  @Override
  public int gates() {
    return GATES;
  }

  @Override
  public int stateCount() {
    return 1;
  }

  @Override
  public int recordWidth() {
    return RECORD.width();
  }

  @Override
  public Weights<T> createWeights(ParameterFactory<T> parameters, String prefix, int inputs) {
    return new Weights<>(
        parameters.glorotUniform(prefix + "/kernel", Shape.of(inputs, GATES * units)),
        parameters.orthogonal(prefix + "/recurrent_kernel", Shape.of(units, GATES * units)),
        parameters.zeros(prefix + "/bias", Shape.of(2, GATES * units)));
  }

  @Override
  public Operand<T> inputBias(Ops tf, Weights<T> weights) {
    return tf.unstack(weights.bias().variable(), 2L).output().get(0);
  }

  @Override
  public Operand<T> recurrentBias(Ops tf, Weights<T> weights) {
    return tf.expandDims(tf.unstack(weights.bias().variable(), 2L).output().get(1), tf.constant(0));
  }

  @Override
  public ForwardStep<T> forward(
      Ops tf,
      Operand<T> projected,
      List<Operand<T>> states,
      Operand<T> kernel,
      Operand<T> recurrentBias,
      Operand<TBool> keep) {
    Operand<T> h = states.get(0);
    Operand<T> recurrent = tf.math.add(tf.train.batchMatMul(h, kernel, h.type()), recurrentBias);
    List<Output<T>> x = tf.split(tf.constant(-1), projected, (long) GATES).output();
    List<Output<T>> rec = tf.split(tf.constant(-1), recurrent, (long) GATES).output();
    Operand<T> z = tf.math.sigmoid(tf.math.add(x.get(0), rec.get(0)));
    Operand<T> r = tf.math.sigmoid(tf.math.add(x.get(1), rec.get(1)));
    Operand<T> hh = rec.get(2);
    Operand<T> n = tf.math.tanh(tf.math.add(x.get(2), tf.math.mul(r, hh)));
    // h' = n + z·(h − n), which is z·h + (1 − z)·n with one op fewer.
    Operand<T> hNew = tf.math.add(n, tf.math.mul(z, tf.math.sub(h, n)));
    Operand<T> record =
        RECORD.pack(
            tf,
            Map.of(
                Slot.UPDATE_GATE, z,
                Slot.RESET_GATE, r,
                Slot.CANDIDATE, n,
                Slot.RECURRENT_CANDIDATE, hh,
                Slot.H_BEFORE, h));
    return new ForwardStep<>(List.of(tf.select(keep, hNew, h)), record);
  }

  @Override
  public BackwardStep<T> backward(
      Ops tf,
      Operand<T> record,
      List<Operand<T>> stateGradients,
      Operand<T> kernelTransposed,
      Operand<TBool> keep) {
    Map<Slot, Output<T>> s = RECORD.unpack(tf, record);
    Output<T> z = s.get(Slot.UPDATE_GATE);
    Output<T> r = s.get(Slot.RESET_GATE);
    Output<T> n = s.get(Slot.CANDIDATE);
    Output<T> hh = s.get(Slot.RECURRENT_CANDIDATE);
    Output<T> hBefore = s.get(Slot.H_BEFORE);
    Operand<T> dh = stateGradients.get(0);
    Operand<T> dhNew = tf.select(keep, dh, tf.dtypes.cast(tf.constant(0f), dh.type()));
    Operand<T> dzPre = tf.math.sigmoidGrad(z, tf.math.mul(dhNew, tf.math.sub(hBefore, n)));
    Operand<T> dnPre = tf.math.tanhGrad(n, tf.math.sub(dhNew, tf.math.mul(dhNew, z)));
    Operand<T> drPre = tf.math.sigmoidGrad(r, tf.math.mul(dnPre, hh));
    Operand<T> dProjected = tf.concat(List.of(dzPre, drPre, dnPre), tf.constant(-1));
    Operand<T> dRecurrent =
        tf.concat(List.of(dzPre, drPre, tf.math.mul(dnPre, r)), tf.constant(-1));
    Operand<T> dhBefore =
        tf.math.add(
            tf.math.mul(dhNew, z), tf.train.batchMatMul(dRecurrent, kernelTransposed, dh.type()));
    return new BackwardStep<>(
        dProjected, dRecurrent, List.of(tf.select(keep, dhBefore, dh)), hBefore);
  }
}
