package dev.textrnn.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;

/**
 * Reads the parameters' values out of a session and writes values into them, by name; values are
 * row-major doubles whatever the graph's precision. Used to load reference weights, to copy trained
 * weights into another graph, and by gradient checks.
 */
public final class ParameterValues<T extends TFloating> {
  private final List<Parameter<T>> parameters;
  private final Map<String, Placeholder<T>> feeds = new LinkedHashMap<>();
  private final Map<String, Assign<T>> assigns = new LinkedHashMap<>();

  /** Adds one placeholder and one assign op per parameter to the graph of {@code tf}. */
  public ParameterValues(Ops tf, List<Parameter<T>> parameters) {
    this.parameters = List.copyOf(parameters);
    Ops scoped = tf.withSubScope("parameter_values");
    for (Parameter<T> p : parameters) {
      Placeholder<T> feed = scoped.placeholder(p.variable().type(), Placeholder.shape(p.shape()));
      feeds.put(p.name(), feed);
      assigns.put(p.name(), scoped.assign(p.variable(), feed));
    }
  }

  /** Every parameter's current value, by name, in parameter order. */
  public Map<String, double[]> read(Session session) {
    Session.Runner runner = session.runner();
    for (Parameter<T> p : parameters) {
      runner.fetch(p.variable());
    }
    Map<String, double[]> values = new LinkedHashMap<>();
    try (Result result = runner.run()) {
      for (int i = 0; i < parameters.size(); i++) {
        values.put(parameters.get(i).name(), toDoubles(result.get(i)));
      }
    }
    return values;
  }

  /** Sets the named parameters (any subset) to the given values. */
  public void write(Session session, Map<String, double[]> values) {
    Session.Runner runner = session.runner();
    List<Tensor> tensors = new java.util.ArrayList<>();
    try {
      for (Map.Entry<String, double[]> e : values.entrySet()) {
        Parameter<T> p = parameter(e.getKey());
        if (e.getValue().length != p.size()) {
          throw new IllegalArgumentException(
              e.getKey() + ": " + e.getValue().length + " values for shape " + p.shape());
        }
        Tensor t = toTensor(p.variable().type(), p.shape(), e.getValue());
        tensors.add(t);
        runner.feed(feeds.get(e.getKey()), t).addTarget(assigns.get(e.getKey()));
      }
      runner.run().close();
    } finally {
      tensors.forEach(Tensor::close);
    }
  }

  public Parameter<T> parameter(String name) {
    return parameters.stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no parameter named " + name));
  }

  static double[] toDoubles(Tensor tensor) {
    double[] values = new double[(int) tensor.shape().size()];
    if (tensor instanceof TFloat64 d) {
      d.asRawTensor().data().asDoubles().read(values);
    } else if (tensor instanceof TFloat32 f) {
      float[] floats = new float[values.length];
      f.asRawTensor().data().asFloats().read(floats);
      for (int i = 0; i < floats.length; i++) {
        values[i] = floats[i];
      }
    } else {
      throw new IllegalArgumentException("not a float tensor: " + tensor.dataType());
    }
    return values;
  }

  @SuppressWarnings("unchecked")
  static <U extends TFloating> U toTensor(Class<U> type, Shape shape, double[] values) {
    if (type == TFloat64.class) {
      return (U) TFloat64.tensorOf(shape, DataBuffers.of(values, true, false));
    }
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return (U) TFloat32.tensorOf(shape, DataBuffers.of(floats, true, false));
  }
}
