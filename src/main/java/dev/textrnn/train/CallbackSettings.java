package dev.textrnn.train;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The settings of a Keras callback that a recipe names, and so its checkpoint stores: a resumed run
 * makes the same callbacks again, which rebuild their state from the history ({@link
 * TrainingListener#resumed}). Stored under Keras's class names.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "callback")
@JsonSubTypes({
  @JsonSubTypes.Type(value = EarlyStopping.Settings.class, name = "EarlyStopping"),
  @JsonSubTypes.Type(value = BestModel.Settings.class, name = "ModelCheckpoint"),
  @JsonSubTypes.Type(value = ReduceLrOnPlateau.Settings.class, name = "ReduceLROnPlateau")
})
public sealed interface CallbackSettings
    permits EarlyStopping.Settings, BestModel.Settings, ReduceLrOnPlateau.Settings {

  /** A new callback of these settings, for one run. */
  Callback callback();

  /**
   * The callbacks as the checkpoint stores them, each with its Keras name, for a document of
   * untyped values (there Jackson would leave the names out).
   */
  static List<Object> asJson(List<CallbackSettings> callbacks) {
    ObjectMapper json = new ObjectMapper();
    return json.convertValue(
        json.valueToTree(callbacks.toArray(CallbackSettings[]::new)), new TypeReference<>() {});
  }
}
