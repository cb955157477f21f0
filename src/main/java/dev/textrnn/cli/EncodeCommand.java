package dev.textrnn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textrnn.text.TextVectorization;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    description =
        "Print each text's ids (vocabulary adapted on the training reviews) as a JSON array, one line per text.")
final class EncodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin VocabularyOptions vocabulary;

  @Option(
      names = "--round-trip",
      description = "print the decoded tokens joined by spaces instead, padding left out")
  boolean roundTrip;

  @Parameters(arity = "1..*", paramLabel = "TEXT")
  List<String> texts;

  @Override
  public Integer call() throws Exception {
    TextVectorization vectorizer = vocabulary.adapt();
    ObjectMapper json = new ObjectMapper();
    for (String text : texts) {
      int[] ids = vectorizer.encode(text);
      spec.commandLine()
          .getOut()
          .println(roundTrip ? vectorizer.decode(ids) : json.writeValueAsString(ids));
    }
    return 0;
  }
}
