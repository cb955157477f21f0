package dev.textrnn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "vocab",
    mixinStandardHelpOptions = true,
    description =
        "Print the vocabulary adapted on the training reviews as one JSON array on one line.")
final class VocabCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin VocabularyOptions vocabulary;

  @Option(
      names = "--top",
      paramLabel = "K",
      description = "only the first K entries (default: all)")
  Integer top;

  @Override
  public Integer call() throws Exception {
    if (top != null) {
      Checks.atLeast("--top", top, 0);
    }
    List<String> tokens = vocabulary.adapt().getVocabulary();
    spec.commandLine()
        .getOut()
        .println(
            new ObjectMapper()
                .writeValueAsString(
                    top == null ? tokens : tokens.subList(0, Math.min(top, tokens.size()))));
    return 0;
  }
}
