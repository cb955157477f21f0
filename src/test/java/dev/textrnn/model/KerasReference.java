package dev.textrnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The Keras references of tools/keras/model_reference.py, under src/test/resources/keras/model. */
public final class KerasReference {
  private KerasReference() {}

  /** The reference {@code name}.json, as "default-lstm" or "stacked-gru-3". */
  public static JsonNode load(String name) {
    try (InputStream in =
        KerasReference.class.getResourceAsStream("/keras/model/" + name + ".json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Our config of the reference's model: one logit means the two-class head. */
  public static ModelConfig config(JsonNode reference) {
    JsonNode config = reference.get("config");
    int outputs = config.get("output").get("units").asInt();
    return ModelConfig.of(
            config.get("rnn_layers").size() == 1 ? Architecture.DEFAULT : Architecture.STACKED,
            CellType.valueOf(config.get("cell").asText().toUpperCase()),
            config.get("vocab_size").asInt())
        .withClasses(outputs == 1 ? 2 : outputs);
  }
}
