package dev.textrnn.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.types.family.TType;

/**
 * The variables of one {@code Graph.whileLoop}, each behind a named, typed slot instead of an index
 * into the loop's arrays: {@code step.in(v)} reads it in the condition or the body, {@code
 * step.set(next, …)} gives its next value, {@code step.in(out)} its value after the loop.
 */
final class LoopState {
  private final List<Output<?>> initial = new ArrayList<>();

  /** A loop variable starting at {@code value}. */
  <U extends TType> Slot<U> add(Operand<U> value) {
    initial.add(value.asOutput());
    return new Slot<>(initial.size() - 1, value.type());
  }

  /**
   * A loop variable of a type that has no Java tensor class, such as a TensorArray's resource
   * handle, which only passes through.
   */
  Handle addHandle(Output<?> value) {
    initial.add(value);
    return new Handle(initial.size() - 1);
  }

  /** The initial values, in slot order: the loop's inputs. */
  Output<?>[] initial() {
    return initial.toArray(new Output<?>[0]);
  }

  /** A loop variable read as it is, without a type. */
  static final class Handle {
    private final int index;

    private Handle(int index) {
      this.index = index;
    }

    Output<?> in(Output<?>[] values) {
      return values[index];
    }
  }

  static final class Slot<U extends TType> {
    private final int index;
    private final Class<U> type;

    private Slot(int index, Class<U> type) {
      this.index = index;
      this.type = type;
    }

    /** This variable among a loop's values: the body's inputs, or the loop's outputs. */
    Output<U> in(Output<?>[] values) {
      return values[index].expect(type);
    }

    /** Its value for the next iteration. */
    void set(Output<?>[] next, Operand<U> value) {
      next[index] = value.asOutput();
    }
  }
}
