package dev.textrnn.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReverseSequence;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.math.Cumsum;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Where the tokens of a time-major batch are, so that the recurrent loops compute only the rows
 * that still have tokens. A row's extent is one past its last token. The rows are sorted by extent,
 * longest first, so the rows still running at step t are always a prefix: the first {@code
 * activeRows[t]} of them. The loops then cost what the tokens cost, not what the padding to the
 * batch's longest review costs.
 *
 * <p>Compact tensors list the running (step, row) pairs step by step: step t's rows are {@code
 * [offsets[t], offsets[t] + activeRows[t])}.
 */
final class TimeLayout {
  final Operand<TInt32> steps; // scalar T
  final Operand<TBool> mask; // [T, B], rows sorted
  final Operand<TInt32> extents; // [B], descending
  final Operand<TInt32> order; // [B]: sorted row i is input row order[i]
  final Operand<TBool> running; // [T, B]: t < extent
  final Operand<TInt32> activeRows; // [T]
  final Operand<TInt32> offsets; // [T]
  final Operand<TInt32> runningPairs; // [N, 2]: (t, r) of every running pair, step by step

  /** ids [T, B] time-major, 0 for padding → the layout, with rows sorted. */
  TimeLayout(Ops tf, Operand<TInt64> ids) {
    Operand<TInt32> shape = tf.shape(ids);
    Operand<TInt32> zero = tf.constant(0);
    this.steps = tf.gather(shape, zero, zero);
    Operand<TBool> unsortedMask = tf.math.notEqual(ids, tf.constant(0L));
    Operand<TInt32> positions =
        tf.expandDims(
            tf.range(tf.constant(1), tf.math.add(steps, tf.constant(1)), tf.constant(1)),
            tf.constant(-1)); // [T, 1]: 1…T
    Operand<TInt32> unsortedExtents =
        tf.reduceMax(tf.select(unsortedMask, positions, tf.zerosLike(positions)), zero); // [B]
    TopK<TInt32, TInt32> sorted =
        tf.nn.topK(unsortedExtents, tf.gather(shape, tf.constant(1), zero), TInt32.class);
    this.extents = sorted.values();
    this.order = sorted.indices();
    this.mask = tf.gather(unsortedMask, order, tf.constant(1));
    Operand<TInt32> t = tf.math.sub(positions, tf.constant(1)); // [T, 1]: 0…T−1
    this.running = tf.math.less(t, tf.expandDims(extents, zero)); // [T, B]
    this.activeRows = tf.reduceSum(tf.dtypes.cast(running, TInt32.class), tf.constant(1));
    this.offsets = tf.math.cumsum(activeRows, zero, Cumsum.exclusive(true));
    this.runningPairs = tf.dtypes.cast(tf.where(running), TInt32.class);
  }

  /**
   * A loop that writes each step's [2, n, …] (both directions) as 2·n rows and concatenates them
   * gets [Σ 2·n, …] in step order; gathering these rows gives the direction-major compact order
   * [2·N, …]. Entry j (step t, row r) of direction d sits at 2·offsets[t] + d·activeRows[t] + r.
   * [2·N]
   */
  Operand<TInt32> stepBlockRows(Ops tf) {
    Operand<TInt32> zero = tf.constant(0);
    Operand<TInt32> t = tf.gather(runningPairs, zero, tf.constant(1));
    Operand<TInt32> r = tf.gather(runningPairs, tf.constant(1), tf.constant(1));
    Operand<TInt32> forward =
        tf.math.add(tf.math.mul(tf.constant(2), tf.gather(offsets, t, zero)), r);
    return tf.concat(List.of(forward, tf.math.add(forward, tf.gather(activeRows, t, zero))), zero);
  }

  /** [T, B, …] in sorted row order → the running entries [N, …]. */
  <U extends org.tensorflow.types.family.TType> Operand<U> compact(Ops tf, Operand<U> timeMajor) {
    return tf.gatherNd(timeMajor, runningPairs);
  }

  /**
   * {@code compact(reverse(timeMajor))} without reversing the padded tensor: running pair (t, r)
   * reads position (extents[r] − 1 − t, r). [T, B, …] → [N, …]
   */
  <U extends org.tensorflow.types.family.TType> Operand<U> compactReversed(
      Ops tf, Operand<U> timeMajor) {
    Operand<TInt32> one = tf.constant(1);
    Operand<TInt32> t = tf.gather(runningPairs, tf.constant(0), one);
    Operand<TInt32> r = tf.gather(runningPairs, one, one);
    Operand<TInt32> source =
        tf.math.sub(tf.math.sub(tf.gather(extents, r, tf.constant(0)), one), t);
    return tf.gatherNd(timeMajor, tf.stack(List.of(source, r), Stack.axis(1L)));
  }

  /** Reverses each row's first extent steps, as the backward direction reads them. [T, B, …] */
  <U extends org.tensorflow.types.family.TType> Operand<U> reverse(Ops tf, Operand<U> timeMajor) {
    return tf.reverseSequence(timeMajor, extents, 0L, ReverseSequence.batchDim(1L));
  }

  /** Puts the rows of [B, …] back in input order. */
  <U extends org.tensorflow.types.family.TType> Operand<U> unsort(Ops tf, Operand<U> sortedRows) {
    return tf.gather(sortedRows, tf.math.invertPermutation(order), tf.constant(0));
  }

  /** Sorts the rows of ids [T, B] as the layout sorted them. */
  Operand<TInt64> sortRows(Ops tf, Operand<TInt64> ids) {
    return tf.gather(ids, order, tf.constant(1));
  }
}
