package dev.textrnn.train;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.GraphDef;

/**
 * The model that a run trains, as a Keras callback reaches it through {@code self.model}: its
 * weights (get_weights and set_weights, as host copies by Keras name), the optimizer's learning
 * rate, and the weights of earlier epochs that callbacks keep (the best so far). The run's
 * checkpoint stores the kept weights, so that a resumed run still has them.
 */
public final class FitModel {
  private final TrainingGraph graph;
  private final Map<Integer, Map<String, double[]>> kept = new TreeMap<>();
  private final Map<Integer, Integer> keepers = new HashMap<>();

  FitModel(TrainingGraph graph) {
    this.graph = graph;
  }

  /** Every weight's current value, by Keras name. */
  public Map<String, double[]> weights() {
    return graph.parameterValues().read(graph.session());
  }

  /** Sets the named weights, as Keras's {@code set_weights}. */
  public void setWeights(Map<String, double[]> weights) {
    graph.parameterValues().write(graph.session(), weights);
  }

  public float learningRate() {
    return graph.learningRate();
  }

  /** The rate of every step from now on. */
  public void setLearningRate(float rate) {
    graph.setLearningRate(rate);
  }

  /** The training graph, for TensorBoard's graph view. */
  public GraphDef graphDef() {
    return graph.graph().toGraphDef();
  }

  /**
   * Keeps the current weights as those of {@code epoch}, the epoch that just ended, until every
   * caller that kept them {@link #release}s them.
   */
  public void keep(int epoch) {
    if (!kept.containsKey(epoch)) {
      kept.put(epoch, weights());
    }
    keepers.merge(epoch, 1, Integer::sum);
  }

  /**
   * Keeps again the weights of an epoch before a resumed run, as its checkpoint held them.
   *
   * @throws CheckpointException if the checkpoint held no weights of that epoch
   */
  public void keepResumed(int epoch) {
    if (!kept.containsKey(epoch)) {
      throw new CheckpointException(
          "the checkpoint holds no weights of epoch "
              + epoch
              + ", which its callbacks kept; resume a checkpoint as train wrote it",
          null);
    }
    keepers.merge(epoch, 1, Integer::sum);
  }

  /** One caller no longer keeps the weights of {@code epoch}. */
  public void release(int epoch) {
    if (keepers.merge(epoch, -1, Integer::sum) <= 0) {
      keepers.remove(epoch);
      kept.remove(epoch);
    }
  }

  /** The kept weights of {@code epoch}. */
  public Map<String, double[]> kept(int epoch) {
    Map<String, double[]> weights = kept.get(epoch);
    if (weights == null) {
      throw new IllegalArgumentException("no weights of epoch " + epoch + " are kept");
    }
    return weights;
  }

  /** Every kept epoch's weights, for the checkpoint. */
  Map<Integer, Map<String, double[]>> allKept() {
    return Map.copyOf(kept);
  }

  /** A resumed run's kept weights, which its callbacks then {@link #keepResumed}. */
  void resumeKept(Map<Integer, Map<String, double[]>> fromCheckpoint) {
    kept.clear();
    keepers.clear();
    kept.putAll(fromCheckpoint);
  }

  /** After the callbacks resumed: the weights that none of them kept again. */
  void dropUnkept() {
    kept.keySet().retainAll(keepers.keySet());
  }
}
