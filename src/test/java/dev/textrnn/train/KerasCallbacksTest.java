package dev.textrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textrnn.TestPython;
import dev.textrnn.model.CellType;
import dev.textrnn.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * EarlyStopping, ReduceLROnPlateau and the best model decide, epoch after epoch, as Keras's own
 * callbacks do on the same history (tools/keras_callbacks.py): when to stop, the best epoch, each
 * learning rate (float32 as Keras's variable holds it) and the best value, for a loss (minimized)
 * and an accuracy (maximized), with plateaus inside min_delta, a warm-up, a cooldown and a floor.
 */
class KerasCallbacksTest {
  private static final double[] LOSSES = {
    0.70, 0.65, 0.6501, 0.66, 0.64, 0.6398, 0.70, 0.63, 0.6299, 0.6298, 0.70, 0.71, 0.72, 0.73
  };

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"val_loss", "val_accuracy"})
  void decideAsKerasDoes(String monitor) throws Exception {
    String python = TestPython.pythonOrSkip();
    boolean accuracy = monitor.equals("val_accuracy");
    List<Double> values = new ArrayList<>();
    for (double loss : LOSSES) {
      values.add(accuracy ? 1 - loss : loss);
    }
    EarlyStopping.Settings stopping =
        EarlyStopping.Settings.patience(2)
            .withMonitor(monitor)
            .withMinDelta(0.005)
            .withStartFromEpoch(1)
            .withRestoreBestWeights(true);
    ReduceLrOnPlateau.Settings reducing =
        ReduceLrOnPlateau.Settings.defaults()
            .withMonitor(monitor)
            .withFactor(0.5)
            .withPatience(1)
            .withCooldown(1)
            .withMinLr(0.002);
    float initialRate = 0.01f;

    Map<String, Object> kerasCase = new LinkedHashMap<>();
    kerasCase.put("learning_rate", initialRate);
    kerasCase.put("monitor", monitor);
    // Keras's mode "auto" reads an accuracy's direction from a compiled metric, which the script's
    // model lacks: "max" is what it resolves to.
    String mode = accuracy ? "max" : "auto";
    kerasCase.put("mode", mode);
    kerasCase.put("epochs", values.stream().map(v -> Map.of(monitor, v)).toList());
    kerasCase.put(
        "early_stopping",
        Map.of(
            "monitor",
            monitor,
            "mode",
            mode,
            "patience",
            stopping.patience(),
            "min_delta",
            stopping.minDelta(),
            "start_from_epoch",
            stopping.startFromEpoch(),
            "restore_best_weights",
            true));
    kerasCase.put(
        "reduce_lr",
        Map.of(
            "monitor", monitor,
            "mode", mode,
            "factor", reducing.factor(),
            "patience", reducing.patience(),
            "cooldown", reducing.cooldown(),
            "min_lr", reducing.minLr(),
            "min_delta", reducing.minDelta()));
    JsonNode keras = keras(python, kerasCase);

    ModelConfig tiny = new ModelConfig(10, 2, CellType.LSTM, List.of(2), 2, 0.0);
    try (TrainingGraph graph =
        new TrainingGraph(tiny, initialRate, 1, TrainingGraph.RunSettings.defaults())) {
      FitModel model = new FitModel(graph);
      EarlyStopping early = stopping.callback();
      ReduceLrOnPlateau plateau = reducing.callback();
      BestModel best = new BestModel.Settings(monitor).callback();
      TrainingListener all = TrainingListener.all(List.of(early, plateau, best));
      all.setModel(model);
      all.runStarted();
      List<Map<String, Object>> decisions = new ArrayList<>();
      for (int i = 0; i < values.size() && !all.stopRequested(); i++) {
        double v = values.get(i);
        all.epochFinished(
            new EpochRecord(
                i + 1,
                0.5,
                0.5,
                0.5,
                accuracy ? 0.5 : v,
                accuracy ? v : 0.5,
                0.5,
                model.learningRate(),
                1));
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("stop", all.stopRequested());
        decision.put("best_epoch", early.bestEpoch());
        decision.put("learning_rate", model.learningRate());
        decision.put("checkpoint_best", values.get(best.bestEpoch() - 1));
        decisions.add(decision);
      }
      assertEquals(keras.size(), decisions.size(), "epochs until the stop: " + keras);
      assertTrue(early.stoppedEpoch() > 0 && early.stoppedEpoch() < values.size());
      assertTrue(plateau.reductions().size() >= 2, "reduced more than once");
      for (int i = 0; i < decisions.size(); i++) {
        JsonNode expected = keras.get(i);
        Map<String, Object> actual = decisions.get(i);
        String epoch = "epoch " + (i + 1) + ": " + actual + " vs Keras " + expected;
        assertEquals(expected.get("stop").asBoolean(), actual.get("stop"), epoch);
        assertEquals(expected.get("best_epoch").asInt(), actual.get("best_epoch"), epoch);
        assertEquals(
            (float) expected.get("learning_rate").asDouble(), actual.get("learning_rate"), epoch);
        assertEquals(
            expected.get("checkpoint_best").asDouble(), actual.get("checkpoint_best"), epoch);
      }
    }
  }

  private JsonNode keras(String python, Map<String, Object> kerasCase) throws Exception {
    ObjectMapper json = new ObjectMapper();
    Path input = dir.resolve("case.json");
    Path stdout = dir.resolve("decisions.json");
    Path stderr = dir.resolve("stderr.txt");
    json.writeValue(input.toFile(), kerasCase);
    Process process =
        new ProcessBuilder(
                python, Path.of("tools", "keras_callbacks.py").toString(), input.toString())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "tools/keras_callbacks.py took too long");
    assertEquals(0, process.exitValue(), Files.readString(stderr));
    return json.readTree(stdout.toFile());
  }
}
