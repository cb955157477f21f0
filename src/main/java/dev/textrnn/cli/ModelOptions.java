package dev.textrnn.cli;

import dev.textrnn.model.Architecture;
import dev.textrnn.model.CellType;
import dev.textrnn.model.ModelConfig;
import picocli.CommandLine.Option;

/** --model and --cell, shared by the commands that build a model. */
final class ModelOptions {
  @Option(
      names = "--model",
      paramLabel = "default|stacked",
      defaultValue = "default",
      converter = ArchitectureConverter.class,
      description =
          "default: BiLSTM 64 → Dense 64 → Dense 1; stacked: BiLSTM 64 (all steps) → BiLSTM 32 "
              + "→ Dense 64 → Dropout 0.5 → Dense 1 (default: ${DEFAULT-VALUE})")
  Architecture architecture;

  @Option(
      names = "--cell",
      paramLabel = "lstm|gru",
      defaultValue = "lstm",
      converter = CellConverter.class,
      description = "recurrent cell of every layer (default: ${DEFAULT-VALUE})")
  CellType cell;

  ModelConfig config(int vocabularySize) {
    return ModelConfig.of(architecture, cell, vocabularySize);
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
