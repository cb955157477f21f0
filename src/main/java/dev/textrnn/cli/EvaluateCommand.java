package dev.textrnn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textrnn.data.DatasetLocator;
import dev.textrnn.data.DatasetOptions;
import dev.textrnn.data.ImdbDataset;
import dev.textrnn.data.LabelledText;
import dev.textrnn.data.TextDataset;
import dev.textrnn.data.TextSource;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.serving.SentimentModel;
import dev.textrnn.serving.UnknownLabelsException;
import dev.textrnn.train.Metrics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Loss, accuracy, each class's precision, recall and F1, the macro F1 and the confusion matrix"
          + " of a SavedModel on all 25,000 IMDB test reviews, or on --data PATH in any format train"
          + " reads (its test split, or all of it when it has none).",
      "accuracy counts a review as positive when its logit is >= 0; keras_accuracy is Keras's 'accuracy' "
          + "metric on logits (positive when logit > 0.5), for comparison with the tutorial's figures.",
      "The precision of a class never predicted is 0, as scikit-learn's default gives it; the macro F1"
          + " is the mean of every class's F1."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Mixin DataOption data;
  @Mixin DatasetFlags datasetFlags;
  @Spec CommandSpec spec;

  @Option(
      names = "--model-dir",
      defaultValue = "savedmodel",
      paramLabel = "DIR",
      description = "(default: ${DEFAULT-VALUE})")
  Path modelDir;

  @Option(names = "--batch-size", defaultValue = "64", description = "(default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--json",
      description =
          "print one JSON object: loss, accuracy, keras_accuracy (two classes), per_class {name:"
              + " {precision, recall, f1, support}}, macro_f1, confusion_matrix {labels, matrix}")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Checks.between("--batch-size", batchSize, 1, ImdbDataset.REVIEWS_PER_SPLIT);
    // The flags and a dataset's layout are checked before the model is loaded.
    TextDataset dataset =
        datasetFlags.imdbPreset(spec, data.file)
            ? null
            : datasetFlags.open(spec, data.file, DatasetOptions.DEFAULT_SEED);
    try (SentimentModel model = ModelInput.load(modelDir)) {
      Path file;
      TextSource source;
      if (dataset == null) {
        file = DatasetLocator.resolve(data.file, System.err::println);
        source = ImdbDataset.texts(file + " test", ImdbDataset.read(file, false).test());
      } else {
        file = data.file;
        // Its test split, or all of it when it has none.
        source = dataset.test().orElse(dataset.train());
      }
      // Every label of the data, before its texts are read.
      List<String> labels = dataset == null ? ModelConfig.IMDB_CLASSES : dataset.classNames();
      evaluate(file, () -> model.classIndices(labels));
      long start = System.nanoTime();
      Metrics metrics;
      try (Stream<LabelledText> read = source.stream()) {
        metrics = evaluate(file, () -> model.evaluate(read.iterator(), batchSize));
      }
      EvaluationReport report = new EvaluationReport(model.classNames(), metrics);
      long texts = metrics.samples();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_dir", modelDir.toString());
        out.put("texts", texts);
        out.putAll(report.json());
        out.put("seconds", seconds);
        System.out.println(new ObjectMapper().writeValueAsString(out));
      } else {
        System.out.printf(
            Locale.ROOT, "%,d texts in %.1fs - %s%n%n", texts, seconds, report.summary());
        report.table().forEach(System.out::println);
      }
      return 0;
    }
  }

  /**
   * Runs a step on labelled texts from {@code file}, whose labels must be the model's classes: an
   * unknown label is a usage error naming {@code file}.
   */
  private static <T> T evaluate(Path file, Supplier<T> step) {
    try {
      return step.get();
    } catch (UnknownLabelsException e) {
      throw new Checks.UsageError(
          file
              + ": "
              + e.getMessage()
              + "; evaluate a model trained on these labels (--model-dir), or data labelled with"
              + " the model's classes");
    }
  }
}
