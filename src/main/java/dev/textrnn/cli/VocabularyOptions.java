package dev.textrnn.cli;

import dev.textrnn.data.DatasetLocator;
import dev.textrnn.data.ImdbDataset;
import dev.textrnn.data.Review;
import dev.textrnn.text.Standardize;
import dev.textrnn.text.TextVectorization;
import dev.textrnn.train.TrainingRun;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * --data and --max-tokens: a TextVectorization adapted on the 25,000 training reviews, as the
 * tutorial's.
 */
final class VocabularyOptions {
  @Mixin DataOption data;

  @Option(names = "--max-tokens", description = "vocabulary size (default: ${DEFAULT-VALUE})")
  int maxTokens = TrainingRun.Recipe.tutorial().maxTokens();

  TextVectorization adapt() {
    Checks.atLeast("--max-tokens", maxTokens, 3);
    List<byte[]> texts =
        ImdbDataset.read(DatasetLocator.resolve(data.file, System.err::println), false)
            .train()
            .stream()
            .map(Review::text)
            .toList();
    return TextVectorization.adapt(texts, maxTokens, Standardize.LOWER_AND_STRIP_PUNCTUATION);
  }
}
