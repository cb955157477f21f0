package dev.textrnn.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.text.Standardize;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What a textrnn SavedModel holds, as {@code assets/textrnn.json} describes it (for tools such as
 * {@code summary}; the graph itself does not need it).
 *
 * @param config the model's sizes
 * @param vocabularySize entries of {@code assets/vocabulary.txt}, padding and [UNK] included
 * @param standardize how the in-graph vectorizer standardizes text
 * @param outputSequenceLength the fixed length of id rows, or null for the longest row of a batch
 * @param parameterCount trainable scalars
 */
public record ModelInfo(
    ModelConfig config,
    int vocabularySize,
    Standardize standardize,
    Integer outputSequenceLength,
    long parameterCount) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Reads {@code assets/textrnn.json} of a model folder. */
  public static ModelInfo read(Path modelDir) throws IOException {
    return JSON.readValue(SavedModelLayout.infoAsset(modelDir).toFile(), ModelInfo.class);
  }

  void write(Path modelDir) throws IOException {
    JSON.writeValue(SavedModelLayout.infoAsset(modelDir).toFile(), this);
  }
}
