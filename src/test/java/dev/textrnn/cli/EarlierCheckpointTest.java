package dev.textrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.textrnn.model.Architecture;
import dev.textrnn.model.CellType;
import dev.textrnn.model.ModelConfig;
import dev.textrnn.text.TextVectorization;
import dev.textrnn.train.Checkpoint;
import dev.textrnn.train.TrainingRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint written before recipes had callbacks and histories a learning rate still reads (for
 * export and --resume): no callbacks, every epoch at the recipe's rate.
 */
class EarlierCheckpointTest {
  @Test
  void aCheckpointWithoutCallbacksOrRatesReads(@TempDir Path dir) throws Exception {
    TrainingRun.Recipe recipe =
        TestCheckpoints.quickRecipe(ModelConfig.of(Architecture.DEFAULT, CellType.LSTM, 40));
    TestCheckpoints.write(
        dir,
        recipe,
        null,
        TextVectorization.builder()
            .maxTokens(40)
            .adaptStrings(List.of("a film", "another film", "a fine film")));
    Path state = dir.resolve("checkpoint.json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode tree = (ObjectNode) json.readTree(state.toFile());
    ((ObjectNode) tree.get("recipe")).remove("callbacks");
    for (JsonNode epoch : tree.get("history")) {
      ((ObjectNode) epoch).remove("learningRate");
    }
    json.writeValue(state.toFile(), tree);

    Checkpoint.State read = Checkpoint.readState(dir);

    assertEquals(recipe, read.recipe());
    assertEquals((double) recipe.learningRate(), read.history().get(0).learningRate());
  }
}
