package dev.textrnn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textrnn.data.DatasetLocator;
import dev.textrnn.data.ImdbDataset;
import dev.textrnn.data.Review;
import dev.textrnn.serving.SentimentModel;
import dev.textrnn.train.Metrics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Loss, accuracy and keras_accuracy of a SavedModel on all 25,000 IMDB test reviews.",
      "accuracy counts a review as positive when its logit is >= 0; keras_accuracy is Keras's 'accuracy' "
          + "metric on logits (positive when logit > 0.5), for comparison with the tutorial's figures."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Mixin DataOption data;

  @Option(
      names = "--model-dir",
      defaultValue = "savedmodel",
      paramLabel = "DIR",
      description = "(default: ${DEFAULT-VALUE})")
  Path modelDir;

  @Option(names = "--batch-size", defaultValue = "64", description = "(default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Checks.between("--batch-size", batchSize, 1, ImdbDataset.REVIEWS_PER_SPLIT);
    try (SentimentModel model = ModelInput.load(modelDir)) {
      List<Review> test =
          ImdbDataset.read(DatasetLocator.resolve(data.file, System.err::println), false).test();
      long start = System.nanoTime();
      Metrics metrics =
          model.evaluate(
              test.stream().map(Review::textString).toList(),
              test.stream().mapToInt(Review::label).toArray(),
              batchSize);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_dir", modelDir.toString());
        out.put("reviews", metrics.samples());
        out.put("loss", metrics.loss());
        out.put("accuracy", metrics.accuracy());
        out.put("keras_accuracy", metrics.kerasAccuracy());
        out.put("seconds", seconds);
        System.out.println(new ObjectMapper().writeValueAsString(out));
      } else {
        System.out.printf(
            Locale.ROOT,
            "%,d test reviews in %.1fs - loss: %.4f - accuracy: %.4f - keras_accuracy: %.4f%n",
            metrics.samples(),
            seconds,
            metrics.loss(),
            metrics.accuracy(),
            metrics.kerasAccuracy());
      }
      return 0;
    }
  }
}
