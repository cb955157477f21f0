package dev.textrnn.cli;

import dev.textrnn.model.ModelSummary;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description =
        "Print the model's layers, output shapes and parameter counts, as Keras's model.summary().")
final class SummaryCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Option(
      names = "--max-tokens",
      defaultValue = "1000",
      description = "vocabulary size (default: ${DEFAULT-VALUE})")
  int maxTokens;

  @Override
  public Integer call() {
    Checks.atLeast("--max-tokens", maxTokens, 3);
    System.out.print(ModelSummary.of(model.config(maxTokens)));
    return 0;
  }
}
