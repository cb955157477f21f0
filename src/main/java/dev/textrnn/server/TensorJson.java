package dev.textrnn.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.textrnn.serving.Prediction;
import dev.textrnn.serving.SavedModelLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The JSON of TensorFlow Serving's predict API (api_rest.md;
 * tensorflow_serving/util/json_tensor.cc): a request's {@code signature_name} and its one input, in
 * the row format ({@code "instances"}) or the columnar one ({@code "inputs"}); an answer's outputs,
 * as {@code "predictions"} (a list of objects, one per row, or of values when the signature has one
 * output) or {@code "outputs"} (an object of output lists, or the one output's list). Messages are
 * TensorFlow Serving's.
 */
final class TensorJson {
  /**
   * As TensorFlow Serving's parser (rapidjson's kParseNanAndInfFlag), NaN and Infinity are read.
   */
  static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .build();

  private static final String INSTANCES = "instances";
  private static final String INPUTS = "inputs";
  private static final String SIGNATURE_NAME = "signature_name";
  private static final String B64 = "b64";

  private TensorJson() {}

  enum Format {
    /** "instances" in, "predictions" out */
    ROW,
    /** "inputs" in, "outputs" out */
    COLUMNAR
  }

  /**
   * A parsed predict request.
   *
   * @param signatureName as given, or {@code serving_default}
   * @param input the "instances" list or the "inputs" value
   */
  record PredictRequest(String signatureName, Format format, JsonNode input) {}

  /**
   * @throws ApiException 400 for an empty body, malformed JSON, a body that is not an object, a
   *     signature_name that is not a string, or neither or both of "instances" and "inputs"
   */
  static PredictRequest parse(byte[] body) {
    if (body.length == 0) {
      throw ApiException.invalidArgument("JSON Parse error: The document is empty");
    }
    JsonNode doc;
    try (JsonParser parser = JSON.createParser(body)) {
      doc = JSON.readTree(parser);
    } catch (JsonProcessingException e) {
      throw ApiException.invalidArgument(
          "JSON Parse error: "
              + e.getOriginalMessage()
              + " at offset: "
              + e.getLocation().getByteOffset());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (doc == null || !doc.isObject()) {
      throw ApiException.invalidArgument("JSON Value: " + debug(doc) + " Is not object");
    }
    String signature = SavedModelLayout.SERVING_DEFAULT;
    JsonNode name = doc.get(SIGNATURE_NAME);
    if (name != null) {
      if (!name.isTextual()) {
        throw ApiException.invalidArgument(
            "JSON Value: "
                + debug(doc)
                + " not formatted correctly. 'signature_name' key must be a string value.");
      }
      if (!name.asText().isEmpty()) {
        signature = name.asText();
      }
    }
    JsonNode instances = doc.get(INSTANCES);
    JsonNode inputs = doc.get(INPUTS);
    if (instances != null && inputs != null) {
      throw ApiException.invalidArgument(
          "JSON Value: "
              + debug(doc)
              + " Not formatted correctly expecting only one of 'inputs' or 'instances' keys to"
              + " exist ");
    }
    if (instances != null) {
      if (!instances.isArray()) {
        throw ApiException.invalidArgument(
            "JSON Value: " + debug(doc) + " Expecting 'instances' to be an list/array");
      }
      if (instances.isEmpty()) {
        throw ApiException.invalidArgument(
            "JSON Value: " + debug(doc) + " No values in 'instances' array");
      }
      return new PredictRequest(signature, Format.ROW, instances);
    }
    if (inputs != null) {
      return new PredictRequest(signature, Format.COLUMNAR, inputs);
    }
    throw ApiException.invalidArgument("Missing 'inputs' or 'instances' key");
  }

  /** The texts of a string input {@code [batch]}: JSON strings or {"b64": …} objects. */
  static List<String> texts(PredictRequest request, String inputName) {
    return rows(request, inputName, TensorJson::text);
  }

  /**
   * The rows of an int64 input {@code [batch, time]}: lists of whole numbers, all of one length.
   */
  static List<long[]> idRows(PredictRequest request, String inputName) {
    List<long[]> rows = rows(request, inputName, TensorJson::ids);
    for (int i = 1; i < rows.size(); i++) {
      if (rows.get(i).length != rows.get(0).length) {
        throw ApiException.invalidArgument(
            (request.format() == Format.ROW
                    ? "Failed to process element: " + i + " of 'instances' list. Error: "
                    : "")
                + "Expecting tensor size: "
                + rows.get(0).length
                + " but got: "
                + rows.get(i).length);
      }
    }
    return rows;
  }

  /**
   * Each row of the one input, read by {@code element} (which names the row in its errors).
   *
   * @throws ApiException 400 if the input is missing or of another type or shape
   */
  private static <T> List<T> rows(
      PredictRequest request, String inputName, BiFunction<JsonNode, String, T> element) {
    List<T> rows = new ArrayList<>();
    if (request.format() == Format.ROW) {
      int index = 0;
      for (JsonNode instance : request.input()) {
        String where = "Failed to process element: " + index + " of 'instances' list. Error: ";
        JsonNode value = instance;
        if (index > 0 && isNamedObject(instance) != isNamedObject(request.input().get(0))) {
          throw ApiException.invalidArgument(
              (isNamedObject(instance)
                      ? "Expecting value/list but got object at item "
                      : "Expecting object but got list at item ")
                  + index
                  + " of input list");
        }
        if (isNamedObject(instance)) {
          if (instance.size() != 1 || !instance.has(inputName)) {
            throw ApiException.invalidArgument(
                "Failed to process element: "
                    + index
                    + " of 'instances' list. JSON object: "
                    + debug(instance)
                    + " keys must be equal to: "
                    + inputName);
          }
          value = instance.get(inputName);
        }
        rows.add(element.apply(value, where));
        index++;
      }
      return rows;
    }
    JsonNode value = request.input();
    if (isNamedObject(value)) {
      Iterator<String> names = value.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!name.equals(inputName)) {
          throw ApiException.invalidArgument("JSON object: does not have named input: " + name);
        }
      }
      if (!value.has(inputName)) {
        throw ApiException.invalidArgument(
            "Missing named input: " + inputName + " in 'inputs' object.");
      }
      value = value.get(inputName);
    }
    if (!value.isArray()) {
      throw ApiException.invalidArgument(
          "JSON Value: "
              + debug(value)
              + " found at incorrect level: 1 in the JSON DOM. Expected a list: '"
              + inputName
              + "' takes a batch, one value per row");
    }
    for (JsonNode row : value) {
      rows.add(element.apply(row, ""));
    }
    return rows;
  }

  private static boolean isNamedObject(JsonNode node) {
    return node.isObject() && !(node.size() == 1 && node.has(B64));
  }

  private static String text(JsonNode value, String where) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isObject() && value.size() == 1 && value.has(B64)) {
      try {
        return new String(
            Base64.getDecoder().decode(value.get(B64).asText()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalidArgument(where + "Unable to base64 decode");
      }
    }
    throw typeError(value, "string", where);
  }

  private static long[] ids(JsonNode value, String where) {
    if (!value.isArray()) {
      throw ApiException.invalidArgument(
          where
              + "JSON Value: "
              + debug(value)
              + " found at incorrect level: 1 in the JSON DOM. Expected at level: 2 (a list of"
              + " ids for each row)");
    }
    long[] ids = new long[value.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode id = value.get(i);
      if (!id.isIntegralNumber() || !id.canConvertToLong()) {
        throw typeError(id, "int64", where);
      }
      ids[i] = id.asLong();
      if (ids[i] < 0) {
        throw ApiException.invalidArgument(
            where + "id " + ids[i] + " is negative; ids index the model's vocabulary from 0");
      }
    }
    return ids;
  }

  private static ApiException typeError(JsonNode value, String type, String where) {
    return ApiException.invalidArgument(
        where
            + "JSON Value: "
            + debug(value)
            + " Type: "
            + value.getNodeType().name().charAt(0)
            + value.getNodeType().name().substring(1).toLowerCase(java.util.Locale.ROOT)
            + " is not of expected type: "
            + type);
  }

  /** The five outputs of a prediction signature, in the request's format. */
  static byte[] predictions(Format format, List<Prediction> predictions) {
    return write(
        json -> {
          if (format == Format.ROW) {
            json.writeArrayFieldStart("predictions");
            for (Prediction prediction : predictions) {
              json.writeStartObject();
              for (String output : SavedModelLayout.PREDICTION_OUTPUTS) {
                json.writeFieldName(output);
                writeOutput(json, output, prediction);
              }
              json.writeEndObject();
            }
            json.writeEndArray();
          } else {
            json.writeObjectFieldStart("outputs");
            for (String output : SavedModelLayout.PREDICTION_OUTPUTS) {
              json.writeArrayFieldStart(output);
              for (Prediction prediction : predictions) {
                writeOutput(json, output, prediction);
              }
              json.writeEndArray();
            }
            json.writeEndObject();
          }
        });
  }

  /**
   * A signature of one output (vectorize's ids): its name left out, the rows as "predictions" or
   * "outputs".
   */
  static byte[] singleOutput(Format format, long[][] rows) {
    return write(
        json -> {
          json.writeArrayFieldStart(format == Format.ROW ? "predictions" : "outputs");
          for (long[] row : rows) {
            json.writeArray(row, 0, row.length);
          }
          json.writeEndArray();
        });
  }

  /** One row of one output, as the signature gives it (see SavedModelLayout.SERVING_DEFAULT). */
  private static void writeOutput(JsonGenerator json, String output, Prediction prediction)
      throws IOException {
    Map<String, Float> scores = prediction.scores();
    switch (output) {
      case SavedModelLayout.LOGITS -> writeFloats(json, prediction.logits());
      case SavedModelLayout.PROBABILITIES -> {
        // Two classes: the sigmoid of the one logit, which is the positive class's score;
        // otherwise the softmax, which the scores are.
        json.writeStartArray();
        List<Float> values = List.copyOf(scores.values());
        for (float value : prediction.logits().length == 1 ? values.subList(1, 2) : values) {
          json.writeNumber(value);
        }
        json.writeEndArray();
      }
      case SavedModelLayout.LABEL -> json.writeString(prediction.label());
      case SavedModelLayout.CLASSES -> {
        json.writeStartArray();
        for (String name : scores.keySet()) {
          json.writeString(name);
        }
        json.writeEndArray();
      }
      case SavedModelLayout.SCORES -> {
        json.writeStartArray();
        for (float value : scores.values()) {
          json.writeNumber(value);
        }
        json.writeEndArray();
      }
      default -> throw new IllegalArgumentException("no output " + output);
    }
  }

  private static void writeFloats(JsonGenerator json, float[] values) throws IOException {
    json.writeStartArray();
    for (float value : values) {
      json.writeNumber(value);
    }
    json.writeEndArray();
  }

  /** {"error": message} */
  static byte[] error(String message) {
    return write(json -> json.writeStringField("error", message));
  }

  /** An object's fields, written by {@code body}, as UTF-8 bytes. */
  static byte[] write(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      body.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Writes fields of the object being written. */
  @FunctionalInterface
  interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  /** A JSON value in messages, cut to a readable length. */
  static String debug(JsonNode node) {
    String text = node == null ? "null" : node.toString();
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
