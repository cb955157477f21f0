package dev.textrnn.cli;

import dev.textrnn.model.ModelSummary;
import dev.textrnn.train.TrainingRun;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description =
        "Print the model's layers, output shapes and parameter counts, as Keras's model.summary().")
final class SummaryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOptions model;

  @Override
  public Integer call() {
    System.out.print(
        ModelSummary.of(
            Checks.fromFlags(
                spec, () -> model.applyTo(TrainingRun.Recipe.builder()).build().model())));
    return 0;
  }
}
