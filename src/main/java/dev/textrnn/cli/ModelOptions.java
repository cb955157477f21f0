package dev.textrnn.cli;

import dev.textrnn.model.Architecture;
import dev.textrnn.model.CellType;
import dev.textrnn.train.RecipeBuilder;
import dev.textrnn.train.TrainingRun;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The flags that size a model, shared by the commands that build one: the architecture, whose sizes
 * each size flag (Keras's names) overrides, the cell and the vocabulary. Their defaults are the
 * tutorial's recipe's ({@link RecipeBuilder}).
 */
final class ModelOptions {
  private static final TrainingRun.Recipe TUTORIAL = TrainingRun.Recipe.tutorial();

  @Option(
      names = "--model",
      paramLabel = "default|stacked",
      defaultValue = "default",
      converter = ArchitectureConverter.class,
      description =
          "default: BiLSTM 64 → Dense 64 → Dense 1; stacked: BiLSTM 64 (all steps) → BiLSTM 32 "
              + "→ Dense 64 → Dropout 0.5 → Dense 1; the size flags override its sizes"
              + " (default: ${DEFAULT-VALUE})")
  Architecture architecture;

  @Option(
      names = "--cell",
      paramLabel = "lstm|gru",
      converter = CellConverter.class,
      description = "recurrent cell of every layer (default: ${DEFAULT-VALUE})")
  CellType cell = TUTORIAL.model().cell();

  @Option(
      names = "--max-tokens",
      description = "vocabulary size, padding and [UNK] included (default: ${DEFAULT-VALUE})")
  int maxTokens = TUTORIAL.maxTokens();

  @Option(
      names = "--embedding-dim",
      paramLabel = "N",
      description = "width of each token's embedding (default: the --model's)")
  Integer embeddingDim;

  @Option(
      names = "--units",
      split = ",",
      paramLabel = "N",
      splitSynopsisLabel = ",",
      description =
          "units of each direction of each bidirectional layer, bottom first; every layer but the"
              + " last returns all its steps (default: the --model's)")
  List<Integer> units;

  @Option(
      names = "--dense-units",
      paramLabel = "N",
      description = "units of the hidden Dense(relu) layer (default: the --model's)")
  Integer denseUnits;

  @Option(
      names = "--dropout",
      paramLabel = "RATE",
      description =
          "rate of the Dropout after the hidden Dense layer in training, at least 0 and less than"
              + " 1; 0 for none (default: the --model's)")
  Double dropout;

  /** The builder with these flags' settings: every one given, and the others' defaults. */
  <B extends RecipeBuilder<B>> B applyTo(B builder) {
    builder.architecture(architecture).cell(cell).maxTokens(maxTokens);
    if (embeddingDim != null) {
      builder.embeddingDim(embeddingDim);
    }
    if (units != null) {
      builder.units(units);
    }
    if (denseUnits != null) {
      builder.denseUnits(denseUnits);
    }
    if (dropout != null) {
      builder.dropout(dropout);
    }
    return builder;
  }

  static final class ArchitectureConverter extends LowerCaseEnumConverter<Architecture> {
    ArchitectureConverter() {
      super(Architecture.class);
    }
  }

  static final class CellConverter extends LowerCaseEnumConverter<CellType> {
    CellConverter() {
      super(CellType.class);
    }
  }
}
