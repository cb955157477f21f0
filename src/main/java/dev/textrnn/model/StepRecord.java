package dev.textrnn.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * What a cell's forward step records for its backward step: one named slot per tensor, each [2,
 * batch, units], concatenated on the last axis in the order of the slots' enum. The forward step
 * packs by name and the backward step unpacks by the same names, so the two cannot disagree.
 */
final class StepRecord<S extends Enum<S>> {
  private final Class<S> slots;

  StepRecord(Class<S> slots) {
    this.slots = slots;
  }

  /** The record's width in multiples of units. */
  int width() {
    return slots.getEnumConstants().length;
  }

  /** Every slot's tensor [2, batch, u] → the record [2, batch, width·u]. */
  <T extends TFloating> Operand<T> pack(Ops tf, Map<S, Operand<T>> values) {
    List<Operand<T>> parts = new ArrayList<>();
    for (S slot : slots.getEnumConstants()) {
      parts.add(values.get(slot));
    }
    return tf.concat(parts, tf.constant(-1));
  }

  /** The record [2, batch, width·u] → each slot's tensor [2, batch, u]. */
  <T extends TFloating> Map<S, Output<T>> unpack(Ops tf, Operand<T> record) {
    List<Output<T>> parts = tf.split(tf.constant(-1), record, (long) width()).output();
    Map<S, Output<T>> values = new EnumMap<>(slots);
    for (S slot : slots.getEnumConstants()) {
      values.put(slot, parts.get(slot.ordinal()));
    }
    return values;
  }
}
