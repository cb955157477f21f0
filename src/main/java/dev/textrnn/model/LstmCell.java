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
 * Keras's LSTM: z = x·K + h·R + b with gates i, f, c, o; i, f, o = sigmoid(z), g = tanh(z_c); c' =
 * f·c + i·g; h' = o·tanh(c'). States: h, c.
 */
public final class LstmCell<T extends TFloating> implements RecurrentCell<T> {
  private static final int GATES = 4;

  /** What a step records: the gates, tanh(c') and the states before the step. */
  private enum Slot {
    INPUT_GATE,
    FORGET_GATE,
    CANDIDATE,
    OUTPUT_GATE,
    TANH_CELL,
    H_BEFORE,
    C_BEFORE
  }

  private static final StepRecord<Slot> RECORD = new StepRecord<>(Slot.class);
  private final int units;

  public LstmCell(int units) {
    this.units = units;
  }

  @Override
  public int units() {
    return units;
  }

  @Override
  public String kerasName() {
    return "lstm";
  }

  @Override
  public boolean hasFusedKernel() {
    return true;
  }

  @Override
  public int gates() {
    return GATES;
  }

  @Override
  public int stateCount() {
    return 2;
  }

  @Override
  public int recordWidth() {
    return RECORD.width();
  }

  @Override
  public Weights<T> createWeights(ParameterFactory<T> parameters, String prefix, int inputs) {
    Ops tf = parameters.tf();
    Class<T> dtype = parameters.dtype();
    // unit_forget_bias: zeros but ones for the forget gate.
    Operand<T> bias =
        tf.concat(
            List.of(
                tf.zeros(tf.constant(new long[] {units}), dtype),
                tf.ones(tf.constant(new long[] {units}), dtype),
                tf.zeros(tf.constant(new long[] {2L * units}), dtype)),
            tf.constant(0));
    return new Weights<>(
        parameters.glorotUniform(prefix + "/kernel", Shape.of(inputs, GATES * units)),
        parameters.orthogonal(prefix + "/recurrent_kernel", Shape.of(units, GATES * units)),
        parameters.create(prefix + "/bias", Shape.of(GATES * units), bias));
  }

  @Override
  public Operand<T> inputBias(Ops tf, Weights<T> weights) {
    return weights.bias().variable();
  }

  @Override
  public Operand<T> recurrentBias(Ops tf, Weights<T> weights) {
    return null;
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
    Operand<T> c = states.get(1);
    Operand<T> z = tf.math.add(projected, tf.train.batchMatMul(h, kernel, projected.type()));
    List<Output<T>> zs = tf.split(tf.constant(-1), z, (long) GATES).output();
    Operand<T> i = tf.math.sigmoid(zs.get(0));
    Operand<T> f = tf.math.sigmoid(zs.get(1));
    Operand<T> g = tf.math.tanh(zs.get(2));
    Operand<T> o = tf.math.sigmoid(zs.get(3));
    Operand<T> cNew = tf.math.add(tf.math.mul(f, c), tf.math.mul(i, g));
    Operand<T> tanhC = tf.math.tanh(cNew);
    Operand<T> hNew = tf.math.mul(o, tanhC);
    Operand<T> record =
        RECORD.pack(
            tf,
            Map.of(
                Slot.INPUT_GATE, i,
                Slot.FORGET_GATE, f,
                Slot.CANDIDATE, g,
                Slot.OUTPUT_GATE, o,
                Slot.TANH_CELL, tanhC,
                Slot.H_BEFORE, h,
                Slot.C_BEFORE, c));
    return new ForwardStep<>(List.of(tf.select(keep, hNew, h), tf.select(keep, cNew, c)), record);
  }

  @Override
  public BackwardStep<T> backward(
      Ops tf,
      Operand<T> record,
      List<Operand<T>> stateGradients,
      Operand<T> kernelTransposed,
      Operand<TBool> keep) {
    Map<Slot, Output<T>> r = RECORD.unpack(tf, record);
    Output<T> i = r.get(Slot.INPUT_GATE);
    Output<T> f = r.get(Slot.FORGET_GATE);
    Output<T> g = r.get(Slot.CANDIDATE);
    Output<T> o = r.get(Slot.OUTPUT_GATE);
    Output<T> tanhC = r.get(Slot.TANH_CELL);
    Operand<T> hBefore = r.get(Slot.H_BEFORE);
    Operand<T> cBefore = r.get(Slot.C_BEFORE);
    Operand<T> dh = stateGradients.get(0);
    Operand<T> dc = stateGradients.get(1);
    Operand<T> zero = tf.dtypes.cast(tf.constant(0f), dh.type());
    // A masked step passed its states through: their gradients pass back unchanged.
    Operand<T> dhNew = tf.select(keep, dh, zero);
    Operand<T> dcNew =
        tf.math.add(tf.select(keep, dc, zero), tf.math.tanhGrad(tanhC, tf.math.mul(dhNew, o)));
    Operand<T> dz =
        tf.concat(
            List.of(
                tf.math.sigmoidGrad(i, tf.math.mul(dcNew, g)),
                tf.math.sigmoidGrad(f, tf.math.mul(dcNew, cBefore)),
                tf.math.tanhGrad(g, tf.math.mul(dcNew, i)),
                tf.math.sigmoidGrad(o, tf.math.mul(dhNew, tanhC))),
            tf.constant(-1));
    Operand<T> dhBefore =
        tf.select(keep, tf.train.batchMatMul(dz, kernelTransposed, dz.type()), dh);
    Operand<T> dcBefore = tf.select(keep, tf.math.mul(dcNew, f), dc);
    return new BackwardStep<>(dz, dz, List.of(dhBefore, dcBefore), hBefore);
  }
}
