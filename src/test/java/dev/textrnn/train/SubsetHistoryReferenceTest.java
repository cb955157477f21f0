package dev.textrnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.textrnn.data.TestData;
import dev.textrnn.model.ModelConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tutorial's recipe on a subset ({@code train --subset 200 --epochs 2 --validation-steps 2},
 * for both of its models) gives, bit for bit, the history recorded before the model became a chain
 * of layers with a head (src/test/resources/reference/): a change that alters what the tutorial
 * computes fails here. With {@code TEXTRNN_RECORD_REFERENCE=folder} the histories are written there
 * instead, to record them from the code before such a change.
 */
class SubsetHistoryReferenceTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"tutorial", "stacked"})
  void subsetRunRepeatsTheRecordedHistory(String model) throws IOException {
    ModelConfig config = model.equals("tutorial") ? ModelConfig.tutorial() : ModelConfig.stacked();
    TrainingRun.Recipe recipe =
        new TrainingRun.Recipe(config, 1000, 2, 64, 42, 2, 1e-4f, 200, false, List.of());
    String reference = model + "-subset-history.json";
    TrainingRun.Result result =
        TrainingRun.run(
            recipe,
            new TrainingRun.Setup(
                TestData.archive(),
                dir.resolve("checkpoint"),
                TrainingGraph.RunSettings.defaults()),
            QUIET,
            new PlainProgress(QUIET),
            new StopRequest());
    Map<String, Object> actual = figures(result);
    String record = System.getenv("TEXTRNN_RECORD_REFERENCE");
    if (record != null) {
      Files.write(Path.of(record, reference), JSON.writeValueAsBytes(actual));
      return;
    }
    try (InputStream in = getClass().getResourceAsStream("/reference/" + reference)) {
      assertEquals(JSON.readTree(in).toPrettyString(), JSON.valueToTree(actual).toPrettyString());
    }
  }

  /** Every figure of the run but the times, in full precision. */
  private static Map<String, Object> figures(TrainingRun.Result result) {
    List<Map<String, Object>> epochs = new ArrayList<>();
    for (EpochRecord e : result.history().epochs()) {
      Map<String, Object> epoch = new LinkedHashMap<>();
      epoch.put("epoch", e.epoch());
      epoch.put("loss", e.loss());
      epoch.put("accuracy", e.accuracy());
      epoch.put("keras_accuracy", e.kerasAccuracy());
      epoch.put("val_loss", e.valLoss());
      epoch.put("val_accuracy", e.valAccuracy());
      epoch.put("val_keras_accuracy", e.valKerasAccuracy());
      epochs.add(epoch);
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("epochs", epochs);
    figures.put("test_loss", result.test().loss());
    figures.put("test_accuracy", result.test().accuracy());
    figures.put("test_keras_accuracy", result.test().kerasAccuracy());
    return figures;
  }
}
