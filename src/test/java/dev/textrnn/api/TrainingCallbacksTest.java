package dev.textrnn.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textrnn.TestPython;
import dev.textrnn.data.TopicTexts;
import dev.textrnn.data.TopicTexts.Labelled;
import dev.textrnn.serving.Prediction;
import dev.textrnn.train.EarlyStopping;
import dev.textrnn.train.EpochRecord;
import dev.textrnn.train.ReduceLrOnPlateau;
import dev.textrnn.train.TensorBoard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras's callbacks as listeners of the Java API, on a small three-topic model: TensorBoard's event
 * files as TensorBoard itself reads them (tools/tensorboard_scalars.py), and early stopping that
 * restores the best weights.
 */
class TrainingCallbacksTest {
  private static final Labelled TRAIN = TopicTexts.topics(96, 1);
  private static final Labelled VALIDATION = TopicTexts.topics(48, 2);
  private static final int STEPS = 3; // 96 texts in batches of 32

  private static TextClassifierTrainer.Builder small() {
    return TextClassifierTrainer.builder()
        .maxTokens(60)
        .embeddingDim(8)
        .units(8)
        .denseUnits(8)
        .batchSize(32)
        .validationSteps(0)
        .learningRate(1e-2f)
        .seed(3);
  }

  /**
   * Every scalar at every step: the epochs' figures (step: the epoch from 0) in train/ and
   * validation/, the learning rate as ReduceLROnPlateau lowered it, each batch's running means
   * (step: the run's steps from 1, the last of an epoch its figures), and the graph.
   */
  @Test
  void tensorBoardShowsEveryFigureAtEveryStep(@TempDir Path dir) throws Exception {
    String python = TestPython.pythonOrSkip();
    Path logs = dir.resolve("logs");
    // No improvement but the first counts (min_delta 10): the rate falls tenfold after every epoch
    // from the second on, as Keras computes it (float32 times 0.1 in double, back to float32).
    TextClassifierTrainer trainer =
        small()
            .epochs(3)
            .listener(new TensorBoard(logs, TensorBoard.UpdateFreq.BATCH))
            .listener(
                new ReduceLrOnPlateau(
                    ReduceLrOnPlateau.Settings.defaults().withPatience(0).withMinDelta(10)))
            .build();
    List<EpochRecord> epochs;
    try (TrainedClassifier model =
        trainer.fit(TRAIN.texts(), TRAIN.labels(), VALIDATION.texts(), VALIDATION.labels())) {
      epochs = model.history().epochs();
    }
    assertEquals(
        List.of(1e-2f, 1e-2f, (float) (1e-2f * 0.1)),
        epochs.stream().map(e -> (float) e.learningRate()).toList());

    JsonNode runs = read(python, logs, dir);
    assertEquals(List.of("train", "validation"), fieldNames(runs));
    JsonNode train = runs.get("train").get("scalars");
    assertEquals(
        List.of(
            "batch_accuracy",
            "batch_keras_accuracy",
            "batch_loss",
            "epoch_accuracy",
            "epoch_keras_accuracy",
            "epoch_learning_rate",
            "epoch_loss"),
        fieldNames(train).stream().sorted().toList());
    assertEpochs(epochs, train.get("epoch_loss"), EpochRecord::loss);
    assertEpochs(epochs, train.get("epoch_accuracy"), EpochRecord::accuracy);
    assertEpochs(epochs, train.get("epoch_keras_accuracy"), EpochRecord::kerasAccuracy);
    assertEpochs(epochs, train.get("epoch_learning_rate"), EpochRecord::learningRate);
    JsonNode validation = runs.get("validation").get("scalars");
    assertEquals(
        List.of("epoch_accuracy", "epoch_keras_accuracy", "epoch_loss"),
        fieldNames(validation).stream().sorted().toList());
    assertEpochs(epochs, validation.get("epoch_loss"), EpochRecord::valLoss);
    assertEpochs(epochs, validation.get("epoch_accuracy"), EpochRecord::valAccuracy);
    assertEpochs(epochs, validation.get("epoch_keras_accuracy"), EpochRecord::valKerasAccuracy);
    for (String tag : List.of("batch_loss", "batch_accuracy", "batch_keras_accuracy")) {
      JsonNode batches = train.get(tag);
      assertEquals(epochs.size() * STEPS, batches.size(), tag);
      for (int i = 0; i < batches.size(); i++) {
        assertEquals(i + 1, batches.get(i).get(0).asInt(), tag);
      }
    }
    for (EpochRecord e : epochs) {
      JsonNode last = train.get("batch_loss").get(e.epoch() * STEPS - 1);
      assertEquals((float) e.loss(), (float) last.get(1).asDouble(), "the epoch's running mean");
    }
    assertTrue(runs.get("train").get("graph").asBoolean(), "the training graph");
  }

  /**
   * Early stopping with no improvement ever counting stops after epoch 2 of 5 and restores epoch
   * 1's weights: the model predicts as one trained for 1 epoch.
   */
  @Test
  void earlyStoppingStopsAndRestoresTheBestWeights() {
    EarlyStopping stopping =
        new EarlyStopping(
            EarlyStopping.Settings.patience(0).withMinDelta(10).withRestoreBestWeights(true));
    List<String> texts = VALIDATION.texts().subList(0, 6);
    float[][] stopped;
    try (TrainedClassifier model =
        small()
            .epochs(5)
            .listener(stopping)
            .build()
            .fit(TRAIN.texts(), TRAIN.labels(), VALIDATION.texts(), VALIDATION.labels())) {
      assertEquals(2, model.history().epochs().size());
      stopped = logits(model.predict(texts));
    }
    assertEquals(2, stopping.stoppedEpoch());
    assertEquals(1, stopping.bestEpoch());
    assertEquals(1, stopping.weightsEpoch());
    try (TrainedClassifier oneEpoch =
        small()
            .epochs(1)
            .build()
            .fit(TRAIN.texts(), TRAIN.labels(), VALIDATION.texts(), VALIDATION.labels())) {
      float[][] expected = logits(oneEpoch.predict(texts));
      for (int i = 0; i < expected.length; i++) {
        assertArrayEquals(expected[i], stopped[i], texts.get(i));
      }
    }
  }

  private static float[][] logits(List<Prediction> predictions) {
    return predictions.stream().map(Prediction::logits).toArray(float[][]::new);
  }

  /** Each epoch's figure at step epoch - 1, as float32 (the summaries' type). */
  private static void assertEpochs(
      List<EpochRecord> epochs, JsonNode scalars, ToDoubleFunction<EpochRecord> figure) {
    assertEquals(epochs.size(), scalars.size());
    for (int i = 0; i < epochs.size(); i++) {
      assertEquals(i, scalars.get(i).get(0).asInt());
      assertEquals(
          (float) figure.applyAsDouble(epochs.get(i)), (float) scalars.get(i).get(1).asDouble());
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode read(String python, Path logs, Path dir) throws Exception {
    Path stdout = dir.resolve("scalars.json");
    Path stderr = dir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(
                python, Path.of("tools", "tensorboard_scalars.py").toString(), logs.toString())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "tools/tensorboard_scalars.py took too long");
    assertEquals(0, process.exitValue(), Files.readString(stderr));
    return new ObjectMapper().readTree(stdout.toFile());
  }
}
